package io.jitgate.mcp;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.policy.PolicyEngine;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers {@code tools/list} with only the tools the policy lets this agent see
 * ({@link PolicyEngine#mayList}: {@code Action::"list"} permitted and some policy could permit a
 * call), so an agent never learns of a tool it may not use, a page at a time.
 * A cursor names the last tool of the previous page (tools are in name order), so pages stay
 * stable when tools are added or removed; it is opaque to clients.
 */
public final class ToolLister {
    private static final String CURSOR_PREFIX = "after:";
    private final Supplier<ToolCatalog> catalog;
    private final Supplier<PolicyEngine> policy;
    private final int pageSize;

    public ToolLister(Supplier<ToolCatalog> catalog, Supplier<PolicyEngine> policy, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("tools/list page size must be >= 1, but was " + pageSize);
        }
        this.catalog = catalog;
        this.policy = policy;
        this.pageSize = pageSize;
    }

    /**
     * True if the tool {@code name} has {@code trait} and {@code principal} may see it: how a call is
     * answered (streamed or not) must not tell an agent of a tool it may not see. The policy is asked
     * only for tools that have the trait.
     */
    public boolean visibleWith(String name, AgentPrincipal principal, java.util.function.Predicate<ToolDefinition> trait) {
        return catalog.get().find(name).filter(trait).filter(t -> policy.get().mayList(principal, t)).isPresent();
    }

    /** One page; throws {@link McpMessage.Invalid} (-32602) for a cursor this gateway did not issue. */
    public JsonObject list(Object requestId, AgentPrincipal principal, Object cursor) {
        String after = cursor == null ? null : decode(requestId, cursor);
        PolicyEngine engine = policy.get();
        List<ToolDefinition> visible = catalog.get().all().stream()
                .filter(t -> after == null || t.name().compareTo(after) > 0)
                .filter(t -> engine.mayList(principal, t))
                .limit(pageSize + 1L)
                .toList();
        JsonArray tools = new JsonArray();
        visible.stream().limit(pageSize).forEach(t -> tools.add(t.toListEntry()));
        JsonObject result = new JsonObject().put("tools", tools);
        if (visible.size() > pageSize) {
            result.put("nextCursor", encode(visible.get(pageSize - 1).name()));
        }
        return result;
    }

    /** The names of the tools {@code principal} may see in {@code catalog} under {@code engine}. */
    public static java.util.Set<String> visibleNames(ToolCatalog catalog, PolicyEngine engine, AgentPrincipal principal) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (ToolDefinition tool : catalog.all()) {
            if (engine.mayList(principal, tool)) {
                names.add(tool.name());
            }
        }
        return names;
    }

    private static String encode(String lastName) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + lastName).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(Object requestId, Object cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(String.valueOf(cursor)), StandardCharsets.UTF_8);
            if (cursor instanceof String && text.startsWith(CURSOR_PREFIX)) {
                return text.substring(CURSOR_PREFIX.length());
            }
        } catch (IllegalArgumentException notBase64) {
            // fall through to the error below
        }
        throw new McpMessage.Invalid(requestId, JsonRpc.INVALID_PARAMS, "Invalid cursor: " + cursor);
    }
}
