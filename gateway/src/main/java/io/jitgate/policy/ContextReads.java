package io.jitgate.policy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The attributes of {@code context} that policies read, found in their JSON form (Cedar's EST): an
 * attribute access ({@code context.x}) or a presence test ({@code context has x}) names the attribute
 * {@code x}; any other use of {@code context} (compared whole, passed to a function) reads all of it.
 * A call whose policies read only some attributes is decided with a context holding only those: the
 * others cannot change a policy that never names them (see {@link CallPlans}).
 *
 * @param all   whether some policy reads the whole context
 * @param names the attributes read, when not {@code all}
 */
record ContextReads(boolean all, Set<String> names) {
    static final ContextReads ALL = new ContextReads(true, Set.of());
    static final ContextReads NONE = new ContextReads(false, Set.of());

    ContextReads {
        names = Set.copyOf(names);
    }

    /** Whether a context built for these reads must hold {@code name}. */
    boolean includes(String name) {
        return all || names.contains(name);
    }

    /** What one policy reads, from its EST ({@code Policy.toJson()}); an unreadable EST reads everything. */
    static ContextReads of(JsonObject est) {
        if (est == null || est.isEmpty()) {
            return ALL;
        }
        Set<String> names = new HashSet<>();
        return collect(est, names) ? new ContextReads(false, names) : ALL;
    }

    /** What a set of policies reads together. */
    static ContextReads union(Collection<ContextReads> reads) {
        Set<String> names = new HashSet<>();
        for (ContextReads r : reads) {
            if (r.all()) {
                return ALL;
            }
            names.addAll(r.names());
        }
        return new ContextReads(false, names);
    }

    /** Adds the attributes {@code node} reads to {@code names}; false when it uses the context whole. */
    private static boolean collect(Object node, Set<String> names) {
        if (node instanceof JsonArray array) {
            for (Object element : array) {
                if (!collect(element, names)) {
                    return false;
                }
            }
            return true;
        }
        if (!(node instanceof JsonObject object)) {
            return true;
        }
        if ("context".equals(object.getValue("Var"))) {
            return false;
        }
        for (String operator : new String[] {".", "has"}) {
            if (object.size() == 1 && object.getValue(operator) instanceof JsonObject access
                    && access.getValue("left") instanceof JsonObject left && "context".equals(left.getValue("Var"))
                    && access.getValue("attr") instanceof String attribute) {
                names.add(attribute);
                return true;
            }
        }
        for (String field : object.fieldNames()) {
            if (!collect(object.getValue(field), names)) {
                return false;
            }
        }
        return true;
    }
}
