package io.jitgate.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Walks an attribution log, or a rotated set of them in chain order, and reports the first record
 * that breaks the hash chain: an edit, a deletion, a reordering, a truncated or torn line, a file
 * missing from the middle of the set (the next file's first {@code prevHash} then matches nothing).
 * Removing whole records from the end of the newest file leaves a valid shorter chain; the result's
 * {@code lastHash} and {@code endsWithStop} let an operator compare against an anchor kept elsewhere.
 */
public final class AuditVerifier {
    /**
     * The outcome of a verification: how many records were good, and the first problem if any.
     *
     * @param badFile      the file holding the first bad record (empty when all is well)
     * @param badLine      its line number in that file
     * @param lastHash     the hash of the last good record
     * @param endsWithStop whether the last good record is a {@code gateway_stopped} (an orderly stop)
     */
    public record Result(long verifiedRecords, Optional<Path> badFile, Optional<Long> badLine, Optional<String> problem,
            String lastHash, boolean endsWithStop) {
        public boolean ok() {
            return problem.isEmpty();
        }

        public String describe(Path file) {
            return ok() ? file + ": OK, " + verifiedRecords + " records, hash chain intact, last hash " + lastHash
                    + (endsWithStop ? " (ends with an orderly stop)" : " (no gateway_stopped at the end: running, crashed, or cut short)")
                    : badFile.orElse(file) + ": BROKEN at line " + badLine.orElse(0L) + ": " + problem.get()
                            + " (" + verifiedRecords + " records verified before it)";
        }
    }

    private AuditVerifier() {
    }

    /** Verifies one file whose chain starts at {@link HashChain#GENESIS}. */
    public static Result verify(Path file) throws IOException {
        return verifySet(List.of(new AuditFileSet.Member(file, file.getFileName().toString(), Long.MAX_VALUE)));
    }

    /** Verifies the members of one rotated set, oldest first, as one chain starting at genesis. */
    public static Result verifySet(List<AuditFileSet.Member> members) throws IOException {
        String prev = HashChain.GENESIS;
        long good = 0;
        boolean stopped = false;
        for (AuditFileSet.Member member : members) {
            Path file = member.path();
            long lineNo = 0;
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNo++;
                    Optional<String> problem = line.isEmpty() ? Optional.of("empty line") : HashChain.check(line, prev);
                    if (problem.isPresent() && lineNo == 1 && good == 0 && HashChain.hashOf(line).isPresent()
                            && line.contains("\"kind\":\"log_rotated\"")) {
                        problem = Optional.of("the set starts with a rotated-in file: the files before " + file.getFileName()
                                + " are missing");
                    }
                    if (problem.isPresent() && problem.get().startsWith("line is not a sealed") && !endsWithNewline(file)
                            && reader.readLine() == null) {
                        problem = Optional.of("torn last line (a crash mid-write); the gateway sets it aside when it starts again");
                    } else if (problem.isPresent() && lineNo == 1 && good > 0 && problem.get().startsWith("prevHash")) {
                        problem = Optional.of(problem.get() + "; " + file.getFileName()
                                + " does not continue the file before it (a file is missing, reordered or cut short)");
                    }
                    if (problem.isPresent()) {
                        return new Result(good, Optional.of(file), Optional.of(lineNo), problem, prev, false);
                    }
                    prev = HashChain.hashOf(line).orElseThrow();
                    stopped = line.contains("\"kind\":\"gateway_stopped\"");
                    good++;
                }
            }
        }
        return new Result(good, Optional.empty(), Optional.empty(), Optional.empty(), prev, stopped);
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        return TailRecovery.endOfLastCompleteLine(file) == Files.size(file);
    }
}
