package io.jitgate.cli;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Renders attribution records as a fixed-width table, one record per row. */
final class AuditTable {
    private static final String[] HEADERS = {"time", "kind", "call", "agent", "user", "tool", "outcome", "reason", "task", "aws request"};

    private AuditTable() {
    }

    static String render(List<JsonObject> records) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (JsonObject r : records) {
            JsonObject intent = r.getValue("intent") instanceof JsonObject i ? i : new JsonObject();
            JsonObject aws = r.getValue("aws") instanceof JsonObject a ? a : new JsonObject();
            String kind = r.getString("kind", "");
            rows.add(new String[] {r.getString("time", ""), "operator_action".equals(kind) ? r.getString("action", kind) : kind,
                    text(r.getValue("callId")), text(r.getValue("agent", r.getValue("actor"))), text(r.getValue("user")),
                    text(r.getValue("tool", r.getValue("subject"))), text(r.getValue("outcome")), text(r.getValue("reason")),
                    text(intent.getValue("taskId")), text(aws.getValue("requestId"))});
        }
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.append('\n');
        }
        out.append(records.size()).append(records.size() == 1 ? " record\n" : " records\n");
        return out.toString();
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
