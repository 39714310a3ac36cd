package io.jitgate.audit;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Reads the records of a rotated set in order and keeps those a filter matches (at most {@code limit}). */
public final class AuditQuery {
    private AuditQuery() {
    }

    public static List<JsonObject> run(List<AuditFileSet.Member> members, AuditFilter filter, int limit) throws IOException {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, but was " + limit);
        }
        List<JsonObject> out = new ArrayList<>();
        for (AuditFileSet.Member member : members) {
            try (BufferedReader reader = LogData.reader(member.path())) {
                String line;
                while ((line = reader.readLine()) != null && out.size() < limit) {
                    JsonObject record;
                    try {
                        record = new JsonObject(line);
                    } catch (DecodeException e) {
                        continue; // a torn line; `audit verify` reports it
                    }
                    if (filter.matches(record)) {
                        out.add(record);
                    }
                }
            }
        }
        return out;
    }
}
