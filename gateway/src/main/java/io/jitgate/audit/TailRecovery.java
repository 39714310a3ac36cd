package io.jitgate.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Finds where an attribution log's chain continues, and repairs a crash: bytes after the last
 * newline of the file's data part ({@link LogData}: a line torn by a crash mid-write, and anything
 * after a gap of never-written preallocated space) are copied to {@code NAME.torn-TIME} next to the
 * log, made durable, and only then cut from the log together with the preallocated space. Nothing is
 * silently dropped: the caller records the set-aside in the log itself. Preallocated space alone is
 * not a torn tail: it is cut without a set-aside. Complete lines are never touched; an edited or broken complete line is
 * for {@link AuditVerifier} to report, not for recovery to hide.
 */
public final class TailRecovery {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    /** A torn tail moved aside: where it went, its size and its SHA-256. */
    public record SetAside(Path file, long bytes, String sha256) {
    }

    /** Where the chain continues, and the torn tail set aside, if there was one. */
    public record Recovered(String lastHash, Optional<SetAside> setAside) {
    }

    private TailRecovery() {
    }

    /** Repairs the active file (if torn) and returns the last hash of the set it heads. */
    public static Recovered recover(Path active) throws IOException {
        Optional<SetAside> aside = Optional.empty();
        if (Files.isRegularFile(active)) {
            aside = setAsideTornTail(active);
        }
        List<AuditFileSet.Member> members = AuditFileSet.members(active);
        for (int i = members.size() - 1; i >= 0; i--) {
            Optional<String> last = lastLine(members.get(i).path()).flatMap(HashChain::hashOf);
            if (last.isPresent()) {
                return new Recovered(last.get(), aside);
            }
        }
        return new Recovered(HashChain.GENESIS, aside);
    }

    private static Optional<SetAside> setAsideTornTail(Path file) throws IOException {
        long goodLength = endOfLastCompleteLine(file);
        long size = Files.size(file);
        if (goodLength == size) {
            return Optional.empty();
        }
        byte[] tail;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - goodLength));
            in.position(goodLength);
            while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                // read the whole tail
            }
            tail = withoutTrailingNuls(buffer.array());
        }
        if (tail.length == 0) {
            try (FileChannel log = FileChannel.open(file, StandardOpenOption.WRITE)) {
                log.truncate(goodLength); // only preallocated space after the records
                log.force(true);
            }
            return Optional.empty();
        }
        Path aside = file.resolveSibling(file.getFileName() + ".torn-" + STAMP.format(Instant.now()));
        try (FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(tail);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        try (FileChannel log = FileChannel.open(file, StandardOpenOption.WRITE)) {
            log.truncate(goodLength);
            log.force(true);
        }
        return Optional.of(new SetAside(aside, tail.length, HashChain.sha256(tail)));
    }

    private static byte[] withoutTrailingNuls(byte[] bytes) {
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] == 0) {
            n--;
        }
        return java.util.Arrays.copyOf(bytes, n);
    }

    /** The length of the file's data part ({@link LogData}) up to and including its last newline. */
    static long endOfLastCompleteLine(Path file) throws IOException {
        long position = 0;
        long end = 0;
        byte[] chunk = new byte[1 << 16];
        try (InputStream in = LogData.stream(file)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        end = position + i + 1;
                    }
                }
                position += n;
            }
        }
        return end;
    }

    /** The last complete line of a file (without its newline), if it has one. */
    static Optional<String> lastLine(Path file) throws IOException {
        long end = endOfLastCompleteLine(file);
        if (end == 0) {
            return Optional.empty();
        }
        long start = Math.max(0, end - 1);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            while (start > 0) {
                one.clear();
                in.read(one, start - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                start--;
            }
            ByteBuffer line = ByteBuffer.allocate(Math.toIntExact(end - 1 - start));
            while (line.hasRemaining() && in.read(line, start + line.position()) >= 0) {
                // read the whole line
            }
            return Optional.of(new String(line.array(), StandardCharsets.UTF_8));
        }
    }
}
