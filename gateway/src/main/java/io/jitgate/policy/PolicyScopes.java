package io.jitgate.policy;

import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import io.jitgate.auth.AgentPrincipal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scopes of a policy set ({@code principal, action, resource} heads), read once at load, to pick
 * the policies that can apply to one agent calling one tool. Cedar's answer does not change when
 * policies whose scope cannot match are left out, and partial evaluation (which cannot use the
 * prepared set) costs in proportion to the policies it is given, so {@code tools/list} passes only
 * these. Agents are members of their token's groups only (groups have no parents), tools of nothing.
 * A scope form this class does not know is kept (it never drops a policy that could apply). It also
 * knows each policy by id: whether it is a permit, and what it reads of the context
 * ({@link ContextReads}), which {@link CallPlans} needs.
 */
final class PolicyScopes {
    private record Scoped(String id, Policy policy, boolean permit, JsonObject principal, JsonObject action, JsonObject resource,
            ContextReads reads) {
    }

    private final List<Scoped> scoped;
    private final java.util.Map<String, Scoped> byId = new java.util.HashMap<>();

    private PolicyScopes(List<Scoped> scoped) {
        this.scoped = scoped;
        scoped.forEach(s -> byId.put(s.id(), s));
    }

    static PolicyScopes of(PolicyFiles files) {
        List<Scoped> scoped = new ArrayList<>();
        for (var entry : files.byId().entrySet()) {
            PolicyFiles.Located located = entry.getValue();
            JsonObject est;
            try {
                est = new JsonObject(located.policy().toJson());
            } catch (Exception e) {
                est = new JsonObject();
            }
            scoped.add(new Scoped(entry.getKey(), located.policy(), !"forbid".equals(est.getString("effect")), est.getJsonObject("principal"),
                    est.getJsonObject("action"), est.getJsonObject("resource"), ContextReads.of(est)));
        }
        return new PolicyScopes(scoped);
    }

    /**
     * The policies whose scope can match {@code principal} taking {@code action} on {@code tool}, or
     * empty when none of them is a permit (then the answer is a deny without asking Cedar).
     */
    java.util.Optional<PolicySet> forCall(AgentPrincipal principal, String action, String tool) {
        List<Scoped> matching = matching(principal, action, tool);
        return matching.stream().anyMatch(Scoped::permit)
                ? java.util.Optional.of(new PolicySet(policiesOf(matching)))
                : java.util.Optional.empty();
    }

    /** The policies whose scope can match {@code principal} taking {@code action} on {@code tool}. */
    Set<Policy> forPrincipal(AgentPrincipal principal, String action, String tool) {
        return policiesOf(matching(principal, action, tool));
    }

    private List<Scoped> matching(AgentPrincipal principal, String action, String tool) {
        List<Scoped> out = new ArrayList<>();
        Set<String> groups = new HashSet<>(principal.groups());
        for (Scoped s : scoped) {
            if (matches(s.principal(), "Agent", principal.agentId(), groups) && matches(s.action(), "Action", action, Set.of())
                    && matches(s.resource(), "Tool", tool, Set.of())) {
                out.add(s);
            }
        }
        return out;
    }

    private static Set<Policy> policiesOf(List<Scoped> scoped) {
        Set<Policy> out = new HashSet<>();
        scoped.forEach(s -> out.add(s.policy()));
        return out;
    }

    /** Whether the policy {@code id} is a permit (a policy this set does not hold counts as a forbid). */
    boolean isPermit(String id) {
        Scoped s = byId.get(id);
        return s != null && s.permit();
    }

    /** What the policies {@code ids} read of the context together (an id this set does not hold reads all). */
    ContextReads reads(java.util.Collection<String> ids) {
        List<ContextReads> reads = new ArrayList<>();
        for (String id : ids) {
            Scoped s = byId.get(id);
            reads.add(s == null ? ContextReads.ALL : s.reads());
        }
        return ContextReads.union(reads);
    }

    /** The policies {@code ids} of this set. */
    Set<Policy> policies(java.util.Collection<String> ids) {
        Set<Policy> out = new HashSet<>();
        for (String id : ids) {
            Scoped s = byId.get(id);
            if (s != null) {
                out.add(s.policy());
            }
        }
        return out;
    }

    /**
     * The policies whose action and resource scopes can match {@code action} on {@code tool}, whoever
     * the principal is: the set a decision about that tool needs (see {@link CallSlices}).
     */
    Set<Policy> forTool(String action, String tool) {
        Set<Policy> out = new HashSet<>();
        for (Scoped s : scoped) {
            if (matches(s.action(), "Action", action, Set.of()) && matches(s.resource(), "Tool", tool, Set.of())) {
                out.add(s.policy());
            }
        }
        return out;
    }

    /**
     * Whether a scope constraint can hold for the entity {@code type::id} that is a member of
     * {@code Group::g} for each g in {@code groups}.
     */
    private static boolean matches(JsonObject constraint, String type, String id, Set<String> groups) {
        if (constraint == null) {
            return true;
        }
        String op = constraint.getString("op", "");
        return switch (op) {
            case "All" -> true;
            case "==" -> is(constraint.getJsonObject("entity"), type, id);
            case "in" -> constraint.containsKey("entities")
                    ? anyIn(constraint.getJsonArray("entities"), type, id, groups)
                    : in(constraint.getJsonObject("entity"), type, id, groups);
            case "is" -> type.equals(constraint.getString("entity_type"))
                    && (!(constraint.getValue("in") instanceof JsonObject in) || in(in.getJsonObject("entity"), type, id, groups));
            default -> true;
        };
    }

    private static boolean is(JsonObject entity, String type, String id) {
        return entity == null || (type.equals(entity.getString("type")) && id.equals(entity.getString("id")));
    }

    private static boolean in(JsonObject entity, String type, String id, Set<String> groups) {
        if (entity == null) {
            return true;
        }
        if ("Group".equals(entity.getString("type"))) {
            return groups.contains(entity.getString("id"));
        }
        return is(entity, type, id);
    }

    private static boolean anyIn(JsonArray entities, String type, String id, Set<String> groups) {
        for (Object e : entities) {
            if (!(e instanceof JsonObject entity) || in(entity, type, id, groups)) {
                return true;
            }
        }
        return false;
    }
}
