package io.jitgate.policy;

import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One prepared policy set per tool for {@code call} decisions: only the policies whose action and
 * resource scopes can match that tool ({@link PolicyScopes#forTool}). Cedar skips a policy whose scope
 * does not match without evaluating it, so its answer, determining policies and errors are the same
 * as with the whole set; but every policy handed to Cedar costs on each decision (the prepared set is
 * copied per request on its side, ADR 0010), so a catalogue with many tool-specific policies decides
 * in proportion to the policies of the tool called, not to all of them. A tool whose slice is the
 * whole set, a tool this engine was not loaded with, and a slice that cannot be prepared use the whole
 * set. Prepared sets are freed by cedar-java when they are garbage collected.
 */
final class CallSlices {
    private static final Logger LOG = LoggerFactory.getLogger(CallSlices.class);
    /** cedar-java's bound on prepared sets is 1024 by default; a reload keeps two engines alive for a while. */
    private static final int PREPARED_SETS_PER_TOOL_AND_GENERATION = 4;
    /** The sets {@link CallPlans} prepares, for the engines a reload keeps alive together. */
    private static final int PLANNED_SETS = 2 * CallPlans.PREPARED_SETS;

    private final PolicySet whole;
    private final Map<String, PolicySet> byTool;

    private CallSlices(PolicySet whole, Map<String, PolicySet> byTool) {
        this.whole = whole;
        this.byTool = byTool;
    }

    /** Prepares the slice of {@code whole} (already prepared) for each tool of {@code catalog}. */
    static CallSlices prepare(PolicySet whole, PolicyScopes scopes, ToolCatalog catalog) {
        PolicySet.setCacheMaxPolicySets(Math.max(1024, PREPARED_SETS_PER_TOOL_AND_GENERATION * (catalog.size() + 1) + PLANNED_SETS));
        Map<String, PolicySet> byTool = new HashMap<>();
        for (ToolDefinition tool : catalog.all()) {
            Set<Policy> policies = scopes.forTool(PolicyRequest.PolicyAction.CALL.cedarId(), tool.name());
            if (policies.size() == whole.getNumPolicies()) {
                continue;
            }
            PolicySet slice = new PolicySet(policies);
            try {
                slice.cache();
                byTool.put(tool.name(), slice);
            } catch (Exception e) {
                LOG.warn("cannot prepare the policies of tool {} apart ({}); its calls are decided with the whole set", tool.name(),
                        e.getMessage());
            }
        }
        return new CallSlices(whole, Map.copyOf(byTool));
    }

    /** The set to decide a {@code call} of {@code tool} with. */
    PolicySet forCall(ToolDefinition tool) {
        return byTool.getOrDefault(tool.name(), whole);
    }

    /** How many policies a {@code call} of {@code tool} is decided with. */
    int size(ToolDefinition tool) {
        return forCall(tool).getNumPolicies();
    }
}
