package io.jitgate.aws.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts between plain JSON (what agents send and read) and DynamoDB attribute values: strings,
 * numbers, booleans, null, lists and maps. Binary and set types are rendered as their closest JSON.
 */
final class DynamoDbJson {
    private DynamoDbJson() {
    }

    static Map<String, AttributeValue> toItem(JsonObject json) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        json.forEach(e -> item.put(e.getKey(), toAttribute(e.getValue())));
        return item;
    }

    static AttributeValue toAttribute(Object value) {
        if (value == null) {
            return AttributeValue.fromNul(true);
        }
        if (value instanceof String s) {
            return AttributeValue.fromS(s);
        }
        if (value instanceof Number n) {
            return AttributeValue.fromN(n.toString());
        }
        if (value instanceof Boolean b) {
            return AttributeValue.fromBool(b);
        }
        if (value instanceof JsonObject o) {
            return AttributeValue.fromM(toItem(o));
        }
        if (value instanceof JsonArray a) {
            return AttributeValue.fromL(a.stream().map(DynamoDbJson::toAttribute).toList());
        }
        throw new IllegalArgumentException("cannot store a " + value.getClass().getSimpleName() + " in DynamoDB");
    }

    static JsonObject fromItem(Map<String, AttributeValue> item) {
        JsonObject json = new JsonObject();
        new java.util.TreeMap<>(item).forEach((k, v) -> json.put(k, fromAttribute(v)));
        return json;
    }

    static Object fromAttribute(AttributeValue v) {
        return switch (v.type()) {
            case S -> v.s();
            case N -> number(v.n());
            case BOOL -> v.bool();
            case NUL -> null;
            case M -> fromItem(v.m());
            case L -> new JsonArray(v.l().stream().map(DynamoDbJson::fromAttribute).toList());
            case SS -> new JsonArray(v.ss());
            case NS -> new JsonArray(v.ns().stream().map(DynamoDbJson::number).toList());
            case B -> v.b().asByteArray();
            case BS -> new JsonArray(v.bs().stream().map(b -> b.asByteArray()).toList());
            default -> String.valueOf(v);
        };
    }

    private static Object number(String n) {
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException notLong) {
            return new java.math.BigDecimal(n);
        }
    }
}
