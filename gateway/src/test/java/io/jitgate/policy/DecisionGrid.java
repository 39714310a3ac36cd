package io.jitgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.Intent;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every combination of its principals, tools, arguments, intents, times, source addresses and task
 * histories as {@code call} requests, decided by an engine with its plans ({@link CallPlans}) and
 * with every policy and the whole context; the two must agree exactly.
 */
record DecisionGrid(List<AgentPrincipal> principals, List<ToolDefinition> tools, List<JsonObject> arguments, List<Intent> intents,
        List<Instant> times, List<String> addresses, List<Long> taskCalls) {

    /** How the grid's calls went (with the whole set). */
    static final class Tally {
        int decided;
        int evaluated;
        int allowed;
        int denied;
        int errors;
    }

    /** Decides every call both ways and fails, naming the first differences, unless all agree. */
    Tally assertPlansAgreeWithTheWholeSet(CedarPolicyEngine engine, String label) {
        Tally tally = new Tally();
        List<String> differences = new ArrayList<>();
        for (AgentPrincipal who : principals) {
            for (ToolDefinition tool : tools) {
                for (JsonObject args : arguments) {
                    for (Intent intent : intents) {
                        for (Instant time : times) {
                            for (String address : addresses) {
                                for (Long calls : taskCalls) {
                                    PolicyRequest request = new PolicyRequest(who, PolicyRequest.PolicyAction.CALL, tool, args, intent, time,
                                            address, calls);
                                    PolicyDecision planned = engine.decide(request);
                                    PolicyDecision whole = engine.decideWithWholeSet(request);
                                    if (!planned.equals(whole) && differences.size() < 5) {
                                        differences.add(label + "\n  " + request + "\n  planned " + planned + "\n  whole   " + whole);
                                    }
                                    count(tally, engine.planFor(request), whole);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(differences).as("decisions that differ from the whole set's").isEmpty();
        return tally;
    }

    private static void count(Tally tally, CallPlans.Plan plan, PolicyDecision whole) {
        if (plan instanceof CallPlans.Decided) {
            tally.decided++;
        } else {
            tally.evaluated++;
        }
        if (whole.allowed()) {
            tally.allowed++;
        } else {
            tally.denied++;
        }
        tally.errors += whole.errors().isEmpty() ? 0 : 1;
    }
}
