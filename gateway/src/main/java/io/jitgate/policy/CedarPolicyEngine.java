package io.jitgate.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.PartialAuthorizationRequest;
import com.cedarpolicy.model.PartialAuthorizationResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.tools.Tier;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides with Cedar. Policies are read from the {@code *.cedar} files of one folder (see
 * {@link PolicyFiles}), validated against the folder's schema ({@link PolicySchema}) and prepared
 * once ({@link PolicySet#cache()}) so a decision does not re-parse every policy; a {@code call} is
 * decided by its principal's plan for the tool ({@link CallPlans}): with the policies that can matter
 * to that principal and tool and the context they read, or, when partial evaluation has already
 * settled it, without asking Cedar again. A set that does not parse or validate is refused with
 * {@code file:line} and Cedar's reason.
 *
 * <p>The world the policies see is declared in {@code policies/jitgate.cedarschema}; the entities and
 * context of one request are built by {@link CedarRequests}. {@link #mayList} decides what
 * {@code tools/list} shows: the {@code list} action must be permitted, and partial evaluation of
 * {@code call} with the whole context unknown must not end in a certain deny, i.e. some policy could
 * let the agent call the tool. Partial evaluation cannot use the prepared set, so it is given only the
 * policies whose scope can match this agent and tool ({@link PolicyScopes}); its answers are cached
 * per principal and tool for the life of this set.
 */
public final class CedarPolicyEngine implements PolicyEngine {
    private static final EntityTypeName ACTION = EntityTypeName.parse("Action").orElseThrow();
    private static final int VISIBILITY_CACHE_SIZE = 50_000;

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final PolicySet policies;
    private final int size;
    private final Map<String, Tier> tiers;
    private final CedarRequests requests;
    private final PolicySchema schema;
    private final PolicyScopes scopes;
    private final CallSlices slices;
    private final CallPlans plans;
    private final Cache<VisibilityKey, Visibility> visibility = Caffeine.newBuilder().maximumSize(VISIBILITY_CACHE_SIZE).build();

    private CedarPolicyEngine(PolicySet policies, Map<String, Tier> tiers, PolicySchema schema, PolicyScopes scopes, CallSlices slices) {
        this.policies = policies;
        this.scopes = scopes;
        this.slices = slices;
        this.size = policies.getNumPolicies();
        this.tiers = Map.copyOf(tiers);
        this.schema = schema;
        this.requests = new CedarRequests(schema);
        this.plans = new CallPlans(engine, scopes, slices, requests);
    }

    /**
     * Loads, validates and prepares every {@code *.cedar} file in {@code dir} against
     * {@code dir/jitgate.cedarschema} completed for {@code catalog}. Throws {@link PolicyLoadException}
     * naming every problem as {@code file:line: reason}.
     */
    public static CedarPolicyEngine load(Path dir, ToolCatalog catalog) {
        PolicyFiles files = PolicyFiles.read(dir);
        PolicySchema schema = PolicySchema.load(dir, catalog);
        Map<String, Tier> tiers = TierAnnotations.read(files);
        PolicySet set = files.set();
        PolicyValidation.check(files, schema, set);
        try {
            set.cache();
        } catch (Exception e) {
            throw new PolicyLoadException("cannot prepare the policy set from " + dir + ": " + e.getMessage());
        }
        PolicyScopes scopes = PolicyScopes.of(files);
        return new CedarPolicyEngine(set, tiers, schema, scopes, CallSlices.prepare(set, scopes, catalog));
    }

    public int size() {
        return size;
    }

    /** How many policies a {@code call} of {@code tool} is decided with (its slice, see {@link CallSlices}). */
    public int sizeForCall(ToolDefinition tool) {
        return slices.size(tool);
    }

    public PolicySchema schema() {
        return schema;
    }

    /**
     * Decides {@code request}. A {@code call} follows its principal's plan for the tool
     * ({@link CallPlans}): decided already, or asked of Cedar with the policies that can matter and
     * the context they read; a {@code list} is asked with the whole set.
     */
    @Override
    public PolicyDecision decide(PolicyRequest request) {
        if (request.action() != PolicyRequest.PolicyAction.CALL) {
            return evaluate(request, policies, ContextReads.ALL);
        }
        CallPlans.Plan plan = plans.forCall(request);
        if (plan instanceof CallPlans.Decided decided) {
            return decision(decided.allowed(), decided.reasons(), List.of());
        }
        CallPlans.Evaluate evaluate = (CallPlans.Evaluate) plan;
        return evaluate(request, evaluate.policies(), evaluate.reads());
    }

    /** Decides {@code request} with every policy and the whole context: the answer plans must give. */
    PolicyDecision decideWithWholeSet(PolicyRequest request) {
        return evaluate(request, policies, ContextReads.ALL);
    }

    /** The plan a {@code call} of {@code request}'s tool by its principal follows (for tests and measurements). */
    CallPlans.Plan planFor(PolicyRequest request) {
        return plans.forCall(request);
    }

    private PolicyDecision evaluate(PolicyRequest request, PolicySet applicable, ContextReads reads) {
        Set<Entity> entities = requests.entities(request.principal(), request.tool());
        AuthorizationRequest question = new AuthorizationRequest(CedarRequests.agent(request.principal()),
                ACTION.of(request.action().cedarId()), CedarRequests.tool(request.tool()), new Context(requests.context(request, reads)));
        try {
            AuthorizationResponse answer = engine.isAuthorized(question, applicable, entities);
            if (answer.success.isEmpty()) {
                return new PolicyDecision(false, List.of(), List.of("policy evaluation failed: " + answer));
            }
            AuthorizationSuccessResponse success = answer.success.get();
            List<String> errors = new ArrayList<>();
            success.getErrors().forEach(e -> errors.add(e.getPolicyId() + ": " + e.getError()));
            errors.sort(null);
            List<String> reasons = new ArrayList<>(success.getReason());
            reasons.sort(null);
            return decision(success.isAllowed(), reasons, errors);
        } catch (AuthException | RuntimeException e) {
            return new PolicyDecision(false, List.of(), List.of("policy evaluation failed: " + e.getMessage()));
        }
    }

    /** A decision with its determining policies ({@code reasons}, sorted) and the tier their annotations raise an allowed call to. */
    private PolicyDecision decision(boolean allowed, List<String> reasons, List<String> errors) {
        Optional<Tier> raised = reasons.stream().map(tiers::get).filter(Objects::nonNull).reduce(Tier::strictest);
        return new PolicyDecision(allowed, reasons, errors, allowed ? raised : Optional.empty());
    }

    /**
     * Whether {@code tools/list} shows {@code tool} to {@code principal}: {@code list} is permitted and
     * some policy could permit {@code call} (partial evaluation with an unknown context is not a
     * certain deny). Any evaluation error hides the tool (fail closed).
     */
    @Override
    public boolean mayList(AgentPrincipal principal, ToolDefinition tool) {
        VisibilityKey key = new VisibilityKey(principal.agentId(), principal.actingFor(), principal.tenant(),
                List.copyOf(principal.groups()), tool.name());
        Visibility cached = visibility.getIfPresent(key);
        if (cached != null && cached.tool() == tool) {
            return cached.visible();
        }
        boolean visible = decide(new PolicyRequest(principal, PolicyRequest.PolicyAction.LIST, tool, null, null)).allowed()
                && couldCall(principal, tool);
        visibility.put(key, new Visibility(tool, visible));
        return visible;
    }

    private boolean couldCall(AgentPrincipal principal, ToolDefinition tool) {
        Optional<PolicySet> scoped = scopes.forCall(principal, PolicyRequest.PolicyAction.CALL.cedarId(), tool.name());
        if (scoped.isEmpty()) {
            return false;
        }
        PolicySet applicable = scoped.get();
        for (Map<String, com.cedarpolicy.value.Value> context : requests.unknownCallContexts(tool)) {
            PartialAuthorizationRequest question = PartialAuthorizationRequest.builder()
                    .principal(CedarRequests.agent(principal))
                    .action(ACTION.of(PolicyRequest.PolicyAction.CALL.cedarId()))
                    .resource(CedarRequests.tool(tool))
                    .context(context)
                    .build();
            try {
                PartialAuthorizationResponse answer = engine.isAuthorizedPartial(question, applicable, requests.entities(principal, tool));
                if (answer.success.isPresent() && answer.success.get().getDecision() != AuthorizationSuccessResponse.Decision.Deny) {
                    return true;
                }
            } catch (AuthException | RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    private record VisibilityKey(String agent, String user, String tenant, List<String> groups, String tool) {
    }

    private record Visibility(ToolDefinition tool, boolean visible) {
    }

    /** The {@code @tier("...")} annotations of permit policies, by policy id. */
    static final class TierAnnotations {
        private TierAnnotations() {
        }

        /**
         * {@code @tier("approve")} on a permit policy raises the approval tier of the calls it allows
         * (it never lowers a tool's base tier). On a forbid policy it would mean nothing, so it is refused.
         */
        static Map<String, Tier> read(PolicyFiles files) {
            Map<String, Tier> tiers = new java.util.HashMap<>();
            List<String> problems = new ArrayList<>();
            files.byId().forEach((id, located) -> {
                String text;
                try {
                    text = located.policy().getAnnotation("tier");
                } catch (Exception e) {
                    problems.add(located.at(0) + ": policy " + id + ": " + PolicyFiles.reason(e));
                    return;
                }
                if (text == null) {
                    return;
                }
                Optional<Tier> tier = Tier.parse(text);
                if (tier.isEmpty()) {
                    problems.add(located.at(0) + ": policy " + id + ": @tier must be one of " + Tier.allowedWords()
                            + ", but was '" + text + "'");
                } else if (!located.policy().getSource().trim().replaceAll("(?s)^(@\\w+\\(\"[^\"]*\"\\)\\s*)*", "").startsWith("permit")) {
                    problems.add(located.at(0) + ": policy " + id + ": @tier belongs on a permit policy");
                } else {
                    tiers.put(id, tier.get());
                }
            });
            if (!problems.isEmpty()) {
                throw new PolicyLoadException(String.join("\n", problems));
            }
            return tiers;
        }
    }
}
