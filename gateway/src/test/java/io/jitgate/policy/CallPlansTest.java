package io.jitgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.Intent;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans ({@link CallPlans}) must decide every call exactly as Cedar does with every policy and the
 * whole context: same answer, same determining policies, same errors, same raised tier. These tests
 * decide a grid of principals, tools and contexts both ways.
 */
class CallPlansTest {
    private static final AgentPrincipal DEV = CedarPolicyEngineTest.DEV;
    private static final AgentPrincipal STRANGER = CedarPolicyEngineTest.STRANGER;
    static final AgentPrincipal CONTRACTOR = new AgentPrincipal("agent-c", "carol", List.of("contractors"), "t1", List.of());
    static final AgentPrincipal NOBODY_BEHIND = new AgentPrincipal("agent-n", null, List.of("dev-agents", "contractors"), null, List.of());
    static final AgentPrincipal OTHER_TENANT = new AgentPrincipal("agent-t", "dave", List.of("dev-agents"), "t2", List.of());
    static final List<AgentPrincipal> PRINCIPALS = List.of(DEV, STRANGER, CONTRACTOR, NOBODY_BEHIND, OTHER_TENANT);

    private static final List<JsonObject> ARGUMENTS = List.of(new JsonObject(),
            new JsonObject().put("bucket", "jitgate-demo").put("key", "reports/q3.txt"),
            new JsonObject().put("bucket", "jitgate-demo").put("key", "system/secrets.txt").put("body", "x".repeat(5000)),
            new JsonObject().put("table", "jitgate-orders").put("customerId", "c-1"));
    private static final List<Intent> INTENTS = List.of(Intent.NONE, new Intent("fix the report", "T-1", "please fix it"));
    private static final List<Instant> TIMES = List.of(Instant.parse("2026-12-02T10:00:00Z"), Instant.parse("2026-12-05T10:00:00Z"),
            Instant.parse("2026-12-02T20:30:00Z"));
    private static final List<String> ADDRESSES = java.util.Arrays.asList(null, "127.0.0.1", "8.8.8.8");
    private static final List<Long> TASK_CALLS = java.util.Arrays.asList(null, 3L, 25L);

    private static DecisionGrid grid() {
        return new DecisionGrid(PRINCIPALS, List.copyOf(CedarPolicyEngineTest.tools.all()), ARGUMENTS, INTENTS, TIMES, ADDRESSES, TASK_CALLS);
    }

    @BeforeAll
    static void setUp() throws Exception {
        CedarPolicyEngineTest.setUp();
    }

    @AfterAll
    static void tearDown() throws Exception {
        CedarPolicyEngineTest.tearDown();
    }

    @Test
    void theExamplePoliciesDecideEveryCallAsTheWholeSetDoes() {
        DecisionGrid.Tally tally = grid().assertPlansAgreeWithTheWholeSet(CedarPolicyEngineTest.engine, "example policies");
        assertThat(tally.decided).as("calls settled by partial evaluation").isPositive();
        assertThat(tally.evaluated).as("calls asked of Cedar with their plan's policies").isPositive();
        assertThat(tally.allowed).isPositive();
        assertThat(tally.denied).isPositive();
    }

    @Test
    void policiesThatFailOrTestPresenceDecideAsTheWholeSetDoes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.cedar"), """
                @id("read")
                permit (principal, action == Action::"call", resource) when { resource.readOnly };
                @id("write-with-task")
                @tier("approve")
                permit (principal in Group::"dev-agents", action == Action::"call", resource) when { context.intent has taskId };
                @id("overflows-on-long-tasks")
                permit (principal in Group::"contractors", action == Action::"call", resource)
                when { context has taskCalls && context.taskCalls * 1000000000000000000 > 0 };
                @id("nothing-without-an-address-for-contractors")
                forbid (principal in Group::"contractors", action == Action::"call", resource) when { !(context has sourceAddress) };
                @id("no-tenant-t2-keys")
                forbid (principal, action == Action::"call", resource) when { principal.tenant == "t2" && context.arguments has key };
                @id("budget")
                forbid (principal, action == Action::"call", resource) when { context has taskCalls && context.taskCalls > 10 };
                @id("a-user-for-everything")
                forbid (principal, action, resource) when { principal.user == "" };
                """);
        DecisionGrid.Tally tally = grid().assertPlansAgreeWithTheWholeSet(CedarPolicyEngineTest.withSchema(dir), "policies that fail or test presence");
        assertThat(tally.decided).isPositive();
        assertThat(tally.evaluated).isPositive();
        assertThat(tally.errors).as("decisions reporting a failed policy").isPositive();
    }

    @Test
    void aReadOnlyToolIsSettledForAnAgentAndAWriteKeepsOnlyWhatItsPoliciesRead() {
        CedarPolicyEngine engine = CedarPolicyEngineTest.engine;
        CallPlans.Plan read = engine.planFor(call(DEV, "s3_read_object"));
        assertThat(read).isInstanceOf(CallPlans.Decided.class);
        assertThat(((CallPlans.Decided) read).allowed()).isTrue();
        assertThat(((CallPlans.Decided) read).reasons()).containsExactly("dev-agents-read");

        CallPlans.Plan write = engine.planFor(call(DEV, "s3_write_object"));
        assertThat(write).isInstanceOf(CallPlans.Evaluate.class);
        CallPlans.Evaluate evaluate = (CallPlans.Evaluate) write;
        assertThat(evaluate.reads().all()).isFalse();
        assertThat(evaluate.reads().names()).contains("intent", "arguments").doesNotContain("weekday", "time", "request");
        assertThat(evaluate.policies().getNumPolicies()).isLessThan(engine.sizeForCall(tool("s3_write_object")));

        CallPlans.Plan stranger = engine.planFor(call(STRANGER, "s3_read_object"));
        assertThat(stranger).isEqualTo(new CallPlans.Decided(tool("s3_read_object"), false, List.of()));
    }

    private static PolicyRequest call(AgentPrincipal who, String tool) {
        return new PolicyRequest(who, PolicyRequest.PolicyAction.CALL, tool(tool), new JsonObject(), Intent.NONE);
    }

    private static ToolDefinition tool(String name) {
        return CedarPolicyEngineTest.tools.find(name).orElseThrow();
    }
}
