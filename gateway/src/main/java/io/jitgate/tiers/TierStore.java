package io.jitgate.tiers;

import io.jitgate.tools.Tier;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The approval tiers operators set at run time, by tool, kept in one small JSON file so they
 * survive a restart. An operator's tier replaces the tool definition's base tier; policies can
 * still raise it for a call, never lower it. Writes replace the file atomically (write a temporary
 * file, fsync it, rename it over the old one), so a crash leaves the old or the new settings, never
 * half of them. Blocking: call {@link #set} off the event loop.
 */
public final class TierStore {
    private final Path file;
    private final Map<String, Tier> tiers = new ConcurrentHashMap<>();

    private TierStore(Path file) {
        this.file = file;
    }

    /** Opens the store at {@code file} (absent: no operator tiers yet); a malformed file is an error naming it. */
    public static TierStore open(Path file) {
        TierStore store = new TierStore(file);
        if (!Files.exists(file)) {
            return store;
        }
        try {
            JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
            for (String tool : json.fieldNames()) {
                Object word = json.getValue(tool);
                Tier tier = Tier.parse(word instanceof String s ? s : null).orElseThrow(() -> new IllegalArgumentException(
                        file + ": tool " + tool + " has tier " + word + ", which is not one of " + Tier.allowedWords()));
                store.tiers.put(tool, tier);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("tier settings " + file + " cannot be read: " + e.getMessage());
        } catch (DecodeException e) {
            throw new IllegalArgumentException("tier settings " + file + " are not valid JSON: " + e.getMessage());
        }
        return store;
    }

    /** The tier an operator set for {@code tool}, if any. */
    public Optional<Tier> get(String tool) {
        return Optional.ofNullable(tool == null ? null : tiers.get(tool));
    }

    public Map<String, Tier> all() {
        return new TreeMap<>(tiers);
    }

    /** Sets and saves a tool's tier; when the save fails nothing changes. */
    public synchronized void set(String tool, Tier tier) throws IOException {
        Map<String, Tier> next = new TreeMap<>(tiers);
        next.put(tool, tier);
        JsonObject json = new JsonObject();
        next.forEach((name, t) -> json.put(name, t.word()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, json.encodePrettily() + "\n", StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        tiers.put(tool, tier);
    }
}
