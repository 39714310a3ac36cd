package io.jitgate.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attribution log on local disk: one sealed JSON line per record (see {@link HashChain}),
 * appended by one writer thread. Records that arrive while a write is in progress are written
 * together and made durable with a single {@code fsync} (group commit); each {@link #append} future
 * completes only after the fsync that covers its record.
 *
 * <p>On open, a line torn by a crash is set aside ({@link TailRecovery}) and a
 * {@code torn_tail_set_aside} record says so. The file is rotated by {@link Rotation}: it is renamed
 * to its next number ({@link AuditFileSet}) and the new file opens with a {@code log_rotated} record
 * whose {@code prevHash} is the last hash of the old file, so one chain runs through the whole set.
 * After each commit the set's {@link ChainHead} (record count and last hash) is handed to a
 * {@link ChainHeadWriter}, so a cut at the end of the log can be told from a log that simply ends;
 * a log that ends before its head's record does not open.
 *
 * <p>Optionally ({@code audit.preallocateBytes}, off by default) the active file is filled with zero
 * bytes ahead of its records, one step at a time. A commit then overwrites space that already
 * exists, so its {@code fdatasync} flushes this file's data alone; an append that grows the file
 * would also wait for a file-system journal commit, which carries every other process's pending
 * writes (measured in ADR 0001). Readers stop at the first NUL byte ({@link LogData}); rotation and
 * an orderly close cut the file to its records, and opening after a crash does the same. The cost:
 * while the gateway runs, the file ends in zero bytes and does not grow with each record, so
 * {@code tail -f}, {@code grep} and JSON tools see it differently (use {@code jitgate audit query}).
 * Off, each commit appends and the file holds records only.
 *
 * <p>A failed write, fsync or rotation marks the log unhealthy for good: the gateway stops sending
 * calls to AWS until it is restarted with a working log.
 */
public final class FileAuditLog implements AuditSink {
    private static final Logger LOG = LoggerFactory.getLogger(FileAuditLog.class);
    private static final int MAX_BATCH = 512;
    private static final byte[] ZEROS = new byte[1 << 16];

    private record Pending(String encoded, Promise<Void> done, Context context) {
    }

    private final Vertx vertx;
    private final Path file;
    private final Rotation rotation;
    private final GroupCommitQueue<Pending> batches;
    private final Optional<TailRecovery.SetAside> setAside;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private FileChannel channel;
    private final boolean regular;
    private long size;
    private long allocated;
    private Instant openedAt;
    private volatile boolean healthy = true;
    private volatile String failure;
    private String lastHash;
    private long records;
    private final ChainHeadWriter head;
    private final long preallocateBytes;

    public FileAuditLog(Vertx vertx, Path file) throws IOException {
        this(vertx, file, Rotation.NEVER);
    }

    public FileAuditLog(Vertx vertx, Path file, Rotation rotation) throws IOException {
        this(vertx, file, rotation, 0);
    }

    /** A log whose active file is filled with zero bytes {@code preallocateBytes} ahead of its records (0: plain appends). */
    public FileAuditLog(Vertx vertx, Path file, Rotation rotation, long preallocateBytes) throws IOException {
        this.vertx = vertx;
        this.preallocateBytes = preallocateBytes;
        this.file = file;
        this.rotation = rotation;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        this.regular = !Files.exists(file) || Files.isRegularFile(file);
        TailRecovery.Recovered recovered = regular ? TailRecovery.recover(file) : new TailRecovery.Recovered(HashChain.GENESIS, Optional.empty());
        this.lastHash = recovered.lastHash();
        this.setAside = recovered.setAside();
        ChainHead.Position position = regular ? ChainHead.reconcile(file, lastHash) : new ChainHead.Position(0, false);
        this.records = position.records();
        openChannel();
        this.head = regular ? new ChainHeadWriter(file, new ChainHead(records, lastHash, Instant.now()), this::headFailed) : null;
        this.batches = new GroupCommitQueue<>("jitgate-audit-writer", MAX_BATCH, this::writeBatch);
        setAside.ifPresent(aside -> {
            LOG.warn("attribution log {} ended in a torn line (a crash mid-write): {} bytes set aside in {}", file, aside.bytes(), aside.file());
            append(SystemRecords.tornTailSetAside(file, aside));
        });
        if (position.rebuilt()) {
            LOG.warn("attribution log {} had no head file; rebuilt it at record {} (a cut before now cannot be detected)", file, records);
            append(SystemRecords.logHeadRebuilt(file, records, lastHash));
        }
    }

    public Path file() {
        return file;
    }

    /** The head as of the last commit: records since the set's first, and the last hash. */
    public synchronized ChainHead head() {
        return new ChainHead(records, lastHash, Instant.now());
    }

    private void headFailed(IOException e) {
        healthy = false;
        failure = "head file: " + e;
    }

    /** The torn tail set aside when this log was opened, if any. */
    public Optional<TailRecovery.SetAside> setAside() {
        return setAside;
    }

    @Override
    public Future<Void> append(JsonObject record) {
        Context context = vertx.getOrCreateContext();
        Promise<Void> done = Promise.promise();
        if (!healthy || batches.closing()) {
            failed.incrementAndGet();
            done.fail(new IOException("attribution log " + file + " is not writable" + (failure == null ? "" : ": " + failure)));
            return done.future();
        }
        batches.add(new Pending(record.encode(), done, context));
        return done.future();
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public Status status() {
        return new Status(healthy, failure, written.get(), failed.get(), commits.get(), commitNanos.get());
    }

    private void openChannel() throws IOException {
        channel = regular ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = regular ? channel.size() : 0; // recovery has cut any preallocated space of an earlier run
        allocated = regular ? channel.size() : Long.MAX_VALUE;
        openedAt = Instant.now();
    }

    private void writeBatch(List<Pending> batch) {
        if (!healthy) {
            IOException down = new IOException("attribution log " + file + " is not writable: " + failure);
            failed.addAndGet(batch.size());
            batch.forEach(p -> p.context().runOnContext(v -> p.done().fail(down)));
            return;
        }
        try {
            long batchBytes = batch.stream().mapToLong(p -> p.encoded().length() + 200L).sum();
            List<String> encoded = new ArrayList<>(batch.size() + 1);
            if (rotation.due(size, openedAt, Instant.now(), batchBytes)) {
                encoded.add(rotate().encode());
            }
            batch.forEach(p -> encoded.add(p.encoded()));
            StringBuilder lines = new StringBuilder();
            String hash = lastHash;
            for (String record : encoded) {
                HashChain.Sealed sealed = HashChain.sealed(record, hash);
                hash = sealed.hash();
                lines.append(sealed.line()).append('\n');
            }
            long commitStart = System.nanoTime();
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            preallocate(size + bytes.remaining());
            long position = size;
            while (bytes.hasRemaining()) {
                position += regular ? channel.write(bytes, position) : channel.write(bytes);
            }
            size = position;
            channel.force(false);
            commits.incrementAndGet();
            commitNanos.addAndGet(System.nanoTime() - commitStart);
            synchronized (this) {
                lastHash = hash;
                records += encoded.size();
            }
            if (head != null) {
                head.publish(new ChainHead(records, hash, Instant.now()));
            }
            written.addAndGet(batch.size());
            completeOnTheirContexts(batch);
        } catch (IOException | RuntimeException e) {
            healthy = false;
            failure = e.toString();
            failed.addAndGet(batch.size());
            LOG.error("Attribution log {} failed; calls will be refused until it works again: {}", file, e.toString());
            batch.forEach(p -> p.context().runOnContext(v -> p.done().fail(e)));
        }
    }

    /** Completes a batch's appends: one task per event loop, not one per record. */
    private static void completeOnTheirContexts(List<Pending> batch) {
        java.util.Map<Context, List<Promise<Void>>> byContext = new java.util.IdentityHashMap<>();
        for (Pending p : batch) {
            byContext.computeIfAbsent(p.context(), c -> new ArrayList<>()).add(p.done());
        }
        byContext.forEach((context, promises) -> context.runOnContext(v -> promises.forEach(Promise::complete)));
    }

    /** Fills the file with zero bytes up to at least {@code needed}, a whole step at a time. */
    private void preallocate(long needed) throws IOException {
        if (needed <= allocated || preallocateBytes == 0) {
            return;
        }
        long target = Math.max(needed, allocated + preallocateBytes);
        long position = allocated;
        while (position < target) {
            ByteBuffer zeros = ByteBuffer.wrap(ZEROS, 0, (int) Math.min(ZEROS.length, target - position));
            while (zeros.hasRemaining()) {
                position += channel.write(zeros, position);
            }
        }
        allocated = target;
    }

    /** Cuts the preallocated space off the file, so a file closed in order holds its records only. */
    private void cutToRecords() throws IOException {
        if (regular) {
            channel.truncate(size);
            allocated = size;
        }
    }

    /** Closes the current file under its next number and opens a new one; returns the new file's first record. */
    private JsonObject rotate() throws IOException {
        cutToRecords();
        channel.force(true);
        channel.close();
        Path rotated = AuditFileSet.rotatedName(file, AuditFileSet.nextNumber(file));
        Files.move(file, rotated, StandardCopyOption.ATOMIC_MOVE);
        syncFolder();
        openChannel();
        LOG.info("attribution log rotated: {} -> {}", file, rotated);
        return SystemRecords.logRotated(rotated, lastHash);
    }

    private void syncFolder() {
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("fsync of folder {} not supported: {}", file.getParent(), e.toString());
        }
    }

    @Override
    public void close() {
        try {
            batches.close(java.time.Duration.ofSeconds(5));
            try {
                if (healthy) {
                    cutToRecords();
                    channel.force(true);
                }
                channel.close();
            } finally {
                if (head != null) {
                    head.close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing attribution log {}: {}", file, e.toString());
        }
    }
}
