package io.jitgate.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Walks an attribution log and reports the first record that breaks the hash chain. */
public final class AuditVerifier {
    /** The outcome of a verification: how many records were good, and the first problem if any. */
    public record Result(long verifiedRecords, Optional<Long> badLine, Optional<String> problem) {
        public boolean ok() {
            return problem.isEmpty();
        }

        public String describe(Path file) {
            return ok() ? file + ": OK, " + verifiedRecords + " records, hash chain intact"
                    : file + ": BROKEN at line " + badLine.orElse(0L) + ": " + problem.get()
                            + " (" + verifiedRecords + " records verified before it)";
        }
    }

    private AuditVerifier() {
    }

    public static Result verify(Path file) throws IOException {
        String prev = HashChain.GENESIS;
        long lineNo = 0;
        long good = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    return new Result(good, Optional.of(lineNo), Optional.of("empty line"));
                }
                Optional<String> problem = HashChain.check(line, prev);
                if (problem.isPresent()) {
                    return new Result(good, Optional.of(lineNo), problem);
                }
                prev = HashChain.hashOf(line).orElseThrow();
                good++;
            }
        }
        return new Result(good, Optional.empty(), Optional.empty());
    }
}
