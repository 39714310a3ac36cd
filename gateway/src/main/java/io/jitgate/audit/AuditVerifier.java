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
 * Removing whole records from the end leaves a valid shorter chain: the set's {@link ChainHead}
 * (read before the records, so a running gateway's newer records never look like a cut) names the
 * last record written, and a set that ends before it is reported with the first missing record.
 * A set without a head is reported too, unless the caller accepts that its end cannot be checked.
 */
public final class AuditVerifier {
    /**
     * The outcome of a verification: how many records were good, and the first problem if any.
     *
     * @param badFile      the file holding the first bad record (empty when all is well)
     * @param badLine      its line number in that file
     * @param lastHash     the hash of the last good record
     * @param endsWithStop whether the last good record is a {@code gateway_stopped} (an orderly stop)
     * @param head         the head the end was checked against, if there was one
     */
    public record Result(long verifiedRecords, Optional<Path> badFile, Optional<Long> badLine, Optional<String> problem,
            String lastHash, boolean endsWithStop, Optional<ChainHead> head) {
        public boolean ok() {
            return problem.isEmpty();
        }

        public String describe(Path file) {
            return ok() ? file + ": OK, " + verifiedRecords + " records, hash chain intact, last hash " + lastHash
                    + head.map(h -> ", head at record " + h.records() + " (" + h.time() + ") found").orElse(", no head checked")
                    + (endsWithStop ? " (ends with an orderly stop)" : " (no gateway_stopped at the end: running, crashed, or cut short)")
                    : badFile.orElse(file) + ": BROKEN" + badLine.map(l -> " at line " + l).orElse("") + ": " + problem.get()
                            + " (" + verifiedRecords + " records verified before it)";
        }
    }

    private AuditVerifier() {
    }

    /** Verifies one file whose chain starts at {@link HashChain#GENESIS}, and its end against its head. */
    public static Result verify(Path file) throws IOException {
        return verifySet(List.of(new AuditFileSet.Member(file, AuditFileSet.stem(file), Long.MAX_VALUE)));
    }

    /** Verifies the members of one rotated set, oldest first, as one chain starting at genesis, and its end against its head. */
    public static Result verifySet(List<AuditFileSet.Member> members) throws IOException {
        return verifySet(members, true);
    }

    /**
     * Verifies the members of one rotated set, oldest first, as one chain starting at genesis. The
     * end is checked against the set's head file; with {@code requireHead} false a set without one
     * passes on its chain alone.
     */
    public static Result verifySet(List<AuditFileSet.Member> members, boolean requireHead) throws IOException {
        Path active = members.isEmpty() ? null
                : members.stream().filter(m -> m.number() == Long.MAX_VALUE).map(AuditFileSet.Member::path).findFirst()
                        .orElse(members.get(0).path().toAbsolutePath().getParent().resolve(members.get(0).stem() + ".jsonl"));
        Optional<ChainHead> head = active == null ? Optional.empty() : ChainHead.read(active);
        Walk chain = walk(members, head.map(ChainHead::records).orElse(-1L));
        if (!chain.ok()) {
            return walkResult(chain);
        }
        if (head.isEmpty()) {
            return requireHead && active != null
                    ? new Result(chain.verifiedRecords(), Optional.of(ChainHead.pathFor(active)), Optional.empty(),
                            Optional.of("no head file " + ChainHead.pathFor(active).getFileName() + ": the end of the log is not anchored, "
                                    + "so records cut from its end could not be detected (--allow-missing-head accepts that)"),
                            chain.lastHash(), chain.endsWithStop(), head)
                    : walkResult(chain);
        }
        ChainHead h = head.get();
        Path last = members.get(members.size() - 1).path();
        if (chain.verifiedRecords() < h.records()) {
            return new Result(chain.verifiedRecords(), Optional.of(last), Optional.of(lineCount(last) + 1),
                    Optional.of("record " + (chain.verifiedRecords() + 1) + " is missing: the log ends after record " + chain.verifiedRecords()
                            + " but its head (written " + h.time() + ") says it holds " + h.records() + " records ending in hash "
                            + h.hash().substring(0, 12) + "… (records were cut from the end, or the newest file is missing)"),
                    chain.lastHash(), chain.endsWithStop(), head);
        }
        if (!h.hash().equals(chain.hashAtHead())) {
            return new Result(chain.verifiedRecords(), Optional.of(last), Optional.empty(),
                    Optional.of("record " + h.records() + " has hash " + chain.hashAtHead().substring(0, 12) + "… but the head says "
                            + h.hash().substring(0, 12) + "… (the log was replaced or rewritten)"),
                    chain.lastHash(), chain.endsWithStop(), head);
        }
        return new Result(chain.verifiedRecords(), Optional.empty(), Optional.empty(), Optional.empty(), chain.lastHash(),
                chain.endsWithStop(), head);
    }

    /** The chain walk's result, and the hash of record {@code headRecords} (GENESIS for 0). */
    private record Walk(long verifiedRecords, Optional<Path> badFile, Optional<Long> badLine, Optional<String> problem,
            String lastHash, boolean endsWithStop, String hashAtHead) {
        boolean ok() {
            return problem.isEmpty();
        }
    }

    private static Result walkResult(Walk w) {
        return new Result(w.verifiedRecords(), w.badFile(), w.badLine(), w.problem(), w.lastHash(), w.endsWithStop(), Optional.empty());
    }

    private static long lineCount(Path file) throws IOException {
        try (BufferedReader reader = LogData.reader(file)) {
            return reader.lines().count();
        }
    }

    private static Walk walk(List<AuditFileSet.Member> members, long headRecords) throws IOException {
        String hashAtHead = HashChain.GENESIS;
        String prev = HashChain.GENESIS;
        long good = 0;
        boolean stopped = false;
        for (AuditFileSet.Member member : members) {
            Path file = member.path();
            long lineNo = 0;
            try (BufferedReader reader = LogData.reader(file)) {
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
                        return new Walk(good, Optional.of(file), Optional.of(lineNo), problem, prev, false, hashAtHead);
                    }
                    prev = HashChain.hashOf(line).orElseThrow();
                    stopped = line.contains("\"kind\":\"gateway_stopped\"");
                    good++;
                    if (good == headRecords) {
                        hashAtHead = prev;
                    }
                }
            }
        }
        return new Walk(good, Optional.empty(), Optional.empty(), Optional.empty(), prev, stopped, hashAtHead);
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        return TailRecovery.endOfLastCompleteLine(file) == LogData.end(file);
    }
}
