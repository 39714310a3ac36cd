package io.jitgate.approvals;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Keeps approvals on disk so held calls survive a restart: one JSON file ({@code approvals.json},
 * next to {@code tiers.json}), replaced atomically on every change (write a temporary file, fsync
 * it, rename it over the old one, fsync the folder). A crash leaves the old or the new set, never
 * half of one. Blocking: call from a worker thread.
 */
public final class ApprovalStore {
    private final Path file;
    private long written = -1;

    public ApprovalStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The approvals saved last; none if the file does not exist. A malformed file is an error naming it. */
    public List<Approval> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            JsonArray array = new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).getJsonArray("approvals", new JsonArray());
            List<Approval> out = new ArrayList<>();
            for (Object element : array) {
                out.add(Approval.fromJson((JsonObject) element));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("approvals " + file + " cannot be read: " + e.getMessage());
        } catch (DecodeException | ClassCastException | NullPointerException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("approvals " + file + " are not valid: " + e.getMessage());
        }
    }

    /**
     * Saves {@code approvals} as version {@code version}; a save older than one already written is
     * skipped (saves may finish out of order on the worker pool).
     */
    public synchronized void save(long version, Collection<Approval> approvals) throws IOException {
        if (version <= written) {
            return;
        }
        JsonArray array = new JsonArray();
        approvals.forEach(a -> array.add(a.toJson()));
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, new JsonObject().put("approvals", array).encodePrettily() + "\n", StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // some file systems cannot sync a folder; the rename itself is atomic
        }
        written = version;
    }
}
