package io.jitgate.tools;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The loaded tools, by name, in name order. Immutable: a reload builds a new catalogue. */
public final class ToolCatalog {
    private final Map<String, ToolDefinition> byName;

    public ToolCatalog(List<ToolDefinition> tools) {
        Map<String, ToolDefinition> map = new LinkedHashMap<>();
        tools.stream().sorted(java.util.Comparator.comparing(ToolDefinition::name))
                .forEach(t -> map.put(t.name(), t));
        this.byName = Collections.unmodifiableMap(map);
    }

    public Optional<ToolDefinition> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public Collection<ToolDefinition> all() {
        return byName.values();
    }

    public int size() {
        return byName.size();
    }
}
