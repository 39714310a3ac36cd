package io.jitgate.audit;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The anchor of an attribution log's end: how many records the set holds since genesis and the hash
 * of the last one, kept in a small file next to the active log ({@code NAME.jsonl.head}) and
 * rewritten (fsync'd) after every group commit by {@link ChainHeadWriter}. A hash chain alone cannot
 * show that whole records were cut from its end; the head can: {@link AuditVerifier} reports the
 * first record the head says exists but the log lacks. The head is written only after the records it
 * names are durable, so after a crash it may lag behind the log, never run ahead of it.
 *
 * <p>Someone who can rewrite both the log and its head can hide a truncation; to guard against that,
 * copy the head elsewhere (it is also in {@code /healthz}, under {@code auditLog.head}) or use the PostgreSQL sink.
 *
 * @param records how many records the set holds, counted from its first record (the sequence number of the last)
 * @param hash    the hash of that last record ({@link HashChain#GENESIS} when there is none)
 * @param time    when the head was written
 */
public record ChainHead(long records, String hash, Instant time) {
    /** Heads are written in place as one fixed-size block, so an update never changes the file's size. */
    static final int SIZE = 256;
    private static final String SUFFIX = ".head";

    public ChainHead {
        if (records < 0) {
            throw new IllegalArgumentException("records must be >= 0, but was " + records);
        }
        if (hash == null || !hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("hash must be 64 lowercase hex digits, but was " + hash);
        }
    }

    /** The head file of the set whose active file is {@code active}. */
    public static Path pathFor(Path active) {
        return active.resolveSibling(active.getFileName() + SUFFIX);
    }

    /** The head of the set whose active file is {@code active}, if it has one; a damaged head file is an error. */
    public static Optional<ChainHead> read(Path active) throws IOException {
        Path file = pathFor(active);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            JsonObject o = new JsonObject(text);
            return Optional.of(new ChainHead(o.getLong("records"), o.getString("hash"), Instant.parse(o.getString("time"))));
        } catch (RuntimeException e) {
            throw new IOException("head file " + file + " is not a chain head (" + e.getMessage() + "): it was damaged or replaced");
        }
    }

    /** The head as written: a JSON line padded with spaces to {@link #SIZE} bytes. */
    byte[] encode() {
        byte[] json = new JsonObject().put("records", records).put("hash", hash).put("time", time.toString()).encode()
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[SIZE];
        Arrays.fill(out, (byte) ' ');
        System.arraycopy(json, 0, out, 0, json.length);
        out[SIZE - 1] = '\n';
        return out;
    }

    /** Where the chain of a set stands when a log opens: its record count, and whether the head had to be rebuilt. */
    record Position(long records, boolean rebuilt) {
    }

    /**
     * Reconciles the set's head with its records when the log opens (after a torn tail was set aside).
     * When the head names the last record, its count is taken as is. When the log runs past the head
     * (a crash between a commit and the head's update), the records are counted. When there is no
     * head, the records are counted and the head is rebuilt (the caller records that). When the log
     * ends before the record the head names, records were removed: opening fails, so the gateway does
     * not start on a cut log and bury the cut under new records.
     */
    static Position reconcile(Path active, String lastHash) throws IOException {
        Optional<ChainHead> head = read(active);
        if (head.isPresent() && head.get().hash().equals(lastHash)) {
            return new Position(head.get().records(), false);
        }
        long wanted = head.map(ChainHead::records).orElse(0L);
        long count = 0;
        String hashAtHead = HashChain.GENESIS;
        for (AuditFileSet.Member member : AuditFileSet.members(active)) {
            try (BufferedReader reader = LogData.reader(member.path())) {
                String line;
                while ((line = reader.readLine()) != null) {
                    count++;
                    if (count == wanted) {
                        hashAtHead = HashChain.hashOf(line).orElse("");
                    }
                }
            }
        }
        if (head.isEmpty()) {
            return new Position(count, count > 0);
        }
        if (count < wanted || !hashAtHead.equals(head.get().hash())) {
            throw new IOException("the attribution log " + active + " does not hold the record its head " + pathFor(active)
                    + " names (record " + wanted + ", hash " + head.get().hash().substring(0, 12) + "…); it holds " + count
                    + " records: records were removed from its end or it was replaced. Run `jitgate audit verify "
                    + active.toAbsolutePath().getParent() + "`, keep the files as evidence, and move them (and the head) aside to start a new log");
        }
        return new Position(count, false);
    }
}
