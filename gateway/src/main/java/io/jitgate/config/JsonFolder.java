package io.jitgate.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads a folder of declarative {@code *.json} files (resources, prompts), in file name order, and
 * gathers the problems of all of them, so a catalogue is checked whole before any of it is used.
 */
public final class JsonFolder {
    private JsonFolder() {
    }

    /** Each file's JSON object, by path; throws {@link ConfigException} if the folder cannot be read. */
    public static Map<Path, JsonObject> read(Path dir, String what, List<String> problems) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(what + " " + dir + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("cannot list " + what + " " + dir + ": " + e.getMessage());
        }
        Map<Path, JsonObject> out = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                Object value = Json.decodeValue(Files.readString(file, StandardCharsets.UTF_8));
                if (value instanceof JsonObject object) {
                    out.put(file, object);
                } else {
                    problems.add(file + ": must be a JSON object, but is a " + (value instanceof JsonArray ? "list" : "value: " + value));
                }
            } catch (IOException e) {
                problems.add(file + ": cannot read: " + e.getMessage());
            } catch (DecodeException e) {
                problems.add(file + ": not valid JSON: " + e.getMessage());
            }
        }
        return out;
    }

    /** The first field of {@code json} that is not in {@code known}, as a message, or null. */
    public static String unknownField(JsonObject json, Set<String> known, String prefix) {
        for (String key : json.fieldNames()) {
            if (!known.contains(key)) {
                return prefix + key + " is not a known field (known: " + String.join(", ", new TreeSet<>(known)) + ")";
            }
        }
        return null;
    }

    /** Throws {@link ConfigException} listing every problem, if there is any. */
    public static void refuseIfAny(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigException("invalid " + what + ":\n  " + String.join("\n  ", new ArrayList<>(problems)));
        }
    }
}
