package io.jitgate.tools.local;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The local tools a tool file may name as its {@code handler}, by name. The set is fixed in code:
 * a tool file picks one of these, it cannot load a class of its own choosing.
 */
public final class LocalTools {
    /** No local tools: what the default catalogue is loaded with. */
    public static final LocalTools NONE = new LocalTools(Map.of());

    private final Map<String, LocalTool> byName;

    public LocalTools(Map<String, LocalTool> handlers) {
        handlers.keySet().forEach(name -> {
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("local tool handler name must be 1-64 letters, digits, '_', '-' or '.', but was '" + name + "'");
            }
        });
        this.byName = Collections.unmodifiableMap(new TreeMap<>(handlers));
    }

    /** The local tools built into the gateway: {@link EchoTool} and the conformance suite's fixtures. */
    public static LocalTools builtIn() {
        return io.jitgate.fixtures.ConformanceFixtures.tools().with(EchoTool.HANDLER, new EchoTool());
    }

    /** These tools and {@code tool} under {@code handler}. */
    public LocalTools with(String handler, LocalTool tool) {
        Map<String, LocalTool> all = new TreeMap<>(byName);
        all.put(handler, tool);
        return new LocalTools(all);
    }

    public Optional<LocalTool> find(String handler) {
        return Optional.ofNullable(handler == null ? null : byName.get(handler));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }
}
