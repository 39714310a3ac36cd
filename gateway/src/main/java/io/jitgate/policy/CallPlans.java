package io.jitgate.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.PartialAuthorizationRequest;
import com.cedarpolicy.model.PartialAuthorizationResponse;
import com.cedarpolicy.model.PartialAuthorizationSuccessResponse;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityTypeName;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.tools.ToolDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the {@code call}s of one tool by one principal are decided, worked out once with Cedar's
 * partial evaluation and reused for every such call. Everything about the principal (id, user,
 * tenant, groups) and the tool (its attributes) is known before the call arrives; only the context
 * (arguments, intent, time, address, history) is not. Evaluating the policies whose scope can match
 * with that context unknown sorts each policy into one of three kinds:
 * <ul>
 *   <li>certainly not satisfied, whatever the context (a write-only guardrail on a read-only tool,
 *       a policy for a group the principal is not in): it cannot change the answer, its determining
 *       policies or its errors, so it is left out;</li>
 *   <li>certainly satisfied, whatever the context;</li>
 *   <li>depending on the context (a residual), or failing.</li>
 * </ul>
 * When no policy depends on the context or fails, the answer is already known: Cedar's rules
 * (a satisfied forbid denies and is the reason; else satisfied permits allow and are the reasons;
 * else deny) give it, and the call is decided without asking Cedar again ({@link Decided}).
 * Otherwise the call is decided by Cedar with only the policies kept, prepared once per distinct set,
 * and a context holding only the attributes they read ({@link Evaluate}, {@link ContextReads}).
 *
 * <p>The presence of {@code sourceAddress} and {@code taskCalls} is part of the plan's key, so that
 * {@code context has ...} on them is decided, never assumed. Whenever partial evaluation fails or a
 * set cannot be prepared, the plan is the tool's whole slice ({@link CallSlices}) with the whole
 * context: the same decision as before plans, at the old cost. ADR 0011 has the measurements.
 */
final class CallPlans {
    private static final EntityTypeName ACTION = EntityTypeName.parse("Action").orElseThrow();
    private static final String CALL = PolicyRequest.PolicyAction.CALL.cedarId();
    private static final int PLANS = 50_000;
    /** Distinct kept sets prepared on Cedar's side per engine; further sets use the tool's slice. */
    static final int PREPARED_SETS = 256;

    /** How one principal's calls of one tool are decided. */
    sealed interface Plan permits Decided, Evaluate {
        ToolDefinition tool();
    }

    /** The answer is known whatever the context: {@code reasons} are the determining policies, sorted. */
    record Decided(ToolDefinition tool, boolean allowed, List<String> reasons) implements Plan {
    }

    /** Ask Cedar with {@code policies} and a context holding what {@code reads} names. */
    record Evaluate(ToolDefinition tool, PolicySet policies, ContextReads reads) implements Plan {
    }

    private record Key(String agent, String user, String tenant, Set<String> groups, String tool, boolean sourceAddress,
            boolean taskCalls) {
    }

    private final BasicAuthorizationEngine engine;
    private final PolicyScopes scopes;
    private final CallSlices slices;
    private final CedarRequests requests;
    private final Cache<Key, Plan> plans = Caffeine.newBuilder().maximumSize(PLANS).build();
    private final Map<Set<String>, PolicySet> prepared = new ConcurrentHashMap<>();

    CallPlans(BasicAuthorizationEngine engine, PolicyScopes scopes, CallSlices slices, CedarRequests requests) {
        this.engine = engine;
        this.scopes = scopes;
        this.slices = slices;
        this.requests = requests;
    }

    /** The plan for {@code request} (a {@code call}), worked out on first use. */
    Plan forCall(PolicyRequest request) {
        AgentPrincipal who = request.principal();
        Key key = new Key(who.agentId(), who.actingFor(), who.tenant(), Set.copyOf(who.groups()), request.tool().name(),
                CedarRequests.hasSourceAddress(request), request.taskCalls() != null);
        Plan plan = plans.get(key, k -> plan(k, who, request.tool()));
        if (plan.tool() != request.tool()) {
            plan = plan(key, who, request.tool());
            plans.put(key, plan);
        }
        return plan;
    }

    private Plan plan(Key key, AgentPrincipal who, ToolDefinition tool) {
        Plan whole = new Evaluate(tool, slices.forCall(tool), ContextReads.ALL);
        Set<Policy> candidates = scopes.forPrincipal(who, CALL, tool.name());
        if (candidates.isEmpty()) {
            return new Decided(tool, false, List.of());
        }
        PartialAuthorizationRequest question = PartialAuthorizationRequest.builder()
                .principal(CedarRequests.agent(who))
                .action(ACTION.of(CALL))
                .resource(CedarRequests.tool(tool))
                .context(CedarRequests.unknownCallContext(key.sourceAddress(), key.taskCalls()))
                .build();
        PartialAuthorizationSuccessResponse answer;
        try {
            PartialAuthorizationResponse response = engine.isAuthorizedPartial(question, new PolicySet(candidates), requests.entities(who, tool));
            if (response.success.isEmpty()) {
                return whole;
            }
            answer = response.success.get();
        } catch (Exception e) {
            return whole;
        }
        if (answer.getErrored().isEmpty() && answer.getNontrivialResiduals().isEmpty()) {
            return decided(tool, answer.getSatisfied());
        }
        Set<String> kept = new HashSet<>(answer.getSatisfied());
        kept.addAll(answer.getErrored());
        kept.addAll(answer.getNontrivialResiduals());
        PolicySet set = prepared(kept);
        return set == null ? whole : new Evaluate(tool, set, scopes.reads(kept));
    }

    /** Cedar's rule applied to the policies certainly satisfied: a forbid denies, else a permit allows. */
    private Decided decided(ToolDefinition tool, Set<String> satisfied) {
        List<String> forbids = new ArrayList<>();
        List<String> permits = new ArrayList<>();
        for (String id : satisfied) {
            (scopes.isPermit(id) ? permits : forbids).add(id);
        }
        forbids.sort(null);
        permits.sort(null);
        if (!forbids.isEmpty()) {
            return new Decided(tool, false, List.copyOf(forbids));
        }
        return new Decided(tool, !permits.isEmpty(), List.copyOf(permits));
    }

    /** The prepared set of the policies {@code ids}, shared by every plan keeping the same ones; null if it cannot be had. */
    private PolicySet prepared(Set<String> ids) {
        Set<String> key = Set.copyOf(ids);
        PolicySet set = prepared.get(key);
        if (set != null || prepared.size() >= PREPARED_SETS) {
            return set;
        }
        return prepared.computeIfAbsent(key, k -> {
            PolicySet fresh = new PolicySet(scopes.policies(k));
            try {
                fresh.cache();
                return fresh;
            } catch (Exception e) {
                return null;
            }
        });
    }
}
