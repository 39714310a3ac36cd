package io.jitgate.policy;

import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/**
 * Converts call arguments (JSON) into Cedar values. Cedar has no floating point and no null: a
 * fractional number becomes its decimal text and a null is left out of its record.
 */
final class CedarValues {
    private CedarValues() {
    }

    /** The fields of {@code json} named in {@code keep}, as a Cedar record. */
    static CedarMap record(JsonObject json, java.util.Set<String> keep) {
        CedarMap map = new CedarMap();
        json.forEach(e -> {
            if (keep.contains(e.getKey())) {
                Value v = value(e.getValue());
                if (v != null) {
                    map.put(e.getKey(), v);
                }
            }
        });
        return map;
    }

    static CedarMap record(JsonObject json) {
        CedarMap map = new CedarMap();
        json.forEach(e -> {
            Value v = value(e.getValue());
            if (v != null) {
                map.put(e.getKey(), v);
            }
        });
        return map;
    }

    static Value value(Object json) {
        if (json == null) {
            return null;
        }
        if (json instanceof String s) {
            return new PrimString(s);
        }
        if (json instanceof Boolean b) {
            return new PrimBool(b);
        }
        if (json instanceof Integer || json instanceof Long || json instanceof Short || json instanceof Byte) {
            return new PrimLong(((Number) json).longValue());
        }
        if (json instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString());
            try {
                return new PrimLong(d.longValueExact());
            } catch (ArithmeticException fractional) {
                return new PrimString(d.toPlainString());
            }
        }
        if (json instanceof JsonObject o) {
            return record(o);
        }
        if (json instanceof JsonArray a) {
            CedarList list = new CedarList();
            a.forEach(item -> {
                Value v = value(item);
                if (v != null) {
                    list.add(v);
                }
            });
            return list;
        }
        return new PrimString(String.valueOf(json));
    }
}
