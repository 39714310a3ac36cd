package io.jitgate.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attribution log on local disk: one sealed JSON line per record (see {@link HashChain}),
 * appended by one writer thread. Records that arrive while a write is in progress are written
 * together and made durable with a single {@code fsync} (group commit); each {@link #append} future
 * completes only after the fsync that covers its record.
 *
 * <p>A failed write or fsync marks the log unhealthy for good: the gateway stops sending calls to AWS
 * until it is restarted with a working log.
 */
public final class FileAuditLog implements AuditSink {
    private static final Logger LOG = LoggerFactory.getLogger(FileAuditLog.class);
    private static final int MAX_BATCH = 512;

    private record Pending(String encoded, Promise<Void> done, Context context) {
    }

    private final Vertx vertx;
    private final Path file;
    private final FileChannel channel;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean healthy = true;
    private volatile boolean closing;
    private String lastHash;

    public FileAuditLog(Vertx vertx, Path file) throws IOException {
        this.vertx = vertx;
        this.file = file;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        this.lastHash = lastHashIn(file);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.writer = new Thread(this::writeLoop, "jitgate-audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public Path file() {
        return file;
    }

    @Override
    public Future<Void> append(JsonObject record) {
        Context context = vertx.getOrCreateContext();
        Promise<Void> done = Promise.promise();
        if (!healthy || closing) {
            done.fail(new IOException("attribution log " + file + " is not writable"));
            return done.future();
        }
        queue.add(new Pending(record.encode(), done, context));
        return done.future();
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!(closing && queue.isEmpty())) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        if (!healthy) {
            IOException failed = new IOException("attribution log " + file + " is not writable");
            batch.forEach(p -> p.context().runOnContext(v -> p.done().fail(failed)));
            return;
        }
        StringBuilder lines = new StringBuilder();
        String hash = lastHash;
        for (Pending p : batch) {
            String line = HashChain.seal(p.encoded(), hash);
            hash = HashChain.hashOf(line).orElseThrow();
            lines.append(line).append('\n');
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
            lastHash = hash;
            batch.forEach(p -> p.context().runOnContext(v -> p.done().complete()));
        } catch (IOException | RuntimeException e) {
            healthy = false;
            LOG.error("Attribution log {} failed; calls will be refused until it works again: {}", file, e.toString());
            batch.forEach(p -> p.context().runOnContext(v -> p.done().fail(e)));
        }
    }

    /** The hash of the last complete record in an existing log, so a restart continues the chain. */
    static String lastHashIn(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return HashChain.GENESIS;
        }
        String last = HashChain.GENESIS;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                String current = line;
                last = HashChain.hashOf(current).orElse(last);
            }
        }
        return last;
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(5_000);
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing attribution log {}: {}", file, e.toString());
        }
    }
}
