package io.jitgate.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Makes every {@code @TempDir} under {@code target/test-tmp}, emptied once per test JVM and kept
 * until the next run, so what the gateways wrote during the suite can be scanned at its end.
 */
public final class TargetTempDirs implements TempDirFactory {
    static final Path ROOT = Path.of(System.getProperty("jitgate.root", "..")).resolve("gateway/target/test-tmp").toAbsolutePath().normalize();
    private static boolean emptied;

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws Exception {
        synchronized (TargetTempDirs.class) {
            if (!emptied) {
                if (Files.exists(ROOT)) {
                    try (var files = Files.walk(ROOT)) {
                        files.sorted(Comparator.reverseOrder()).forEach(TargetTempDirs::delete);
                    }
                }
                emptied = true;
            }
        }
        Files.createDirectories(ROOT);
        return Files.createTempDirectory(ROOT, "junit");
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
