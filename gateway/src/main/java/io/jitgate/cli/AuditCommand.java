package io.jitgate.cli;

import io.jitgate.audit.AuditVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jitgate audit verify FILE}: checks the attribution log's hash chain. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with the attribution log.", subcommands = AuditCommand.Verify.class)
final class AuditCommand {
    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check the hash chain of an attribution log; exit 1 at the first bad record.")
    static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", description = "the attribution log (JSON lines)")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no attribution log at " + file);
            }
            AuditVerifier.Result result = AuditVerifier.verify(file);
            (result.ok() ? System.out : System.err).println(result.describe(file));
            return result.ok() ? 0 : 1;
        }
    }
}
