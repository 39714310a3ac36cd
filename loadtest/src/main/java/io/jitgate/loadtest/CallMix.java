package io.jitgate.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls a load run makes: one or more tool calls with weights. Call {@code n} is picked by a
 * fixed weighted rotation (no randomness, so two runs make the same calls in the same order).
 */
record CallMix(List<Entry> entries, int totalWeight) {

    /** One kind of call: a tool, its arguments, its {@code _meta} (may be null) and its weight. */
    record Entry(String tool, JsonObject arguments, JsonObject meta, int weight) {
        Entry {
            if (tool == null || tool.isBlank()) {
                throw new IllegalArgumentException("a mix entry needs a tool name");
            }
            if (weight < 1) {
                throw new IllegalArgumentException("weight of " + tool + " must be >= 1, but was " + weight);
            }
        }
    }

    static CallMix single(String tool, JsonObject arguments, JsonObject meta) {
        return of(List.of(new Entry(tool, arguments, meta, 1)));
    }

    static CallMix of(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a mix needs at least one call");
        }
        return new CallMix(List.copyOf(entries), entries.stream().mapToInt(Entry::weight).sum());
    }

    /**
     * Reads a mix file: a JSON array of {@code {"tool": ..., "arguments": {...}, "meta": {...}, "weight": N}}
     * ({@code meta} and {@code weight} optional).
     */
    static CallMix read(Path file) throws IOException {
        JsonArray array;
        try {
            array = new JsonArray(Files.readString(file));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a JSON array of calls: " + e.getMessage());
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject o)) {
                throw new IllegalArgumentException(file + ": entry " + i + " must be an object, but was " + array.getValue(i));
            }
            try {
                entries.add(new Entry(o.getString("tool"), o.getJsonObject("arguments", new JsonObject()), o.getJsonObject("meta"),
                        o.getInteger("weight", 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": entry " + i + ": " + e.getMessage());
            }
        }
        return of(entries);
    }

    /** The entry of call number {@code n}. */
    Entry pick(long n) {
        long slot = n % totalWeight;
        for (Entry e : entries) {
            slot -= e.weight();
            if (slot < 0) {
                return e;
            }
        }
        throw new AssertionError("unreachable");
    }
}
