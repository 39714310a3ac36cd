package io.jitgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.Intent;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial cases for {@link CallPlans}: policy shapes that the EST walk ({@link ContextReads}) or
 * partial evaluation might get wrong, and call contexts Cedar itself would refuse, each decided with
 * the plan and with the whole set, which must agree exactly (errors included, in order).
 */
class CallPlansAdversarialTest {
    private static final AgentPrincipal DEV = CedarPolicyEngineTest.DEV;
    private static final AgentPrincipal AGENT_X = new AgentPrincipal("agent-x", "", List.of("ops", "dev-agents", "contractors"), "", List.of());
    private static final AgentPrincipal NO_GROUPS = new AgentPrincipal("agent-1", "alice", List.of(), "t1", List.of());
    private static final List<AgentPrincipal> PRINCIPALS = java.util.stream.Stream.concat(CallPlansTest.PRINCIPALS.stream(),
            java.util.stream.Stream.of(AGENT_X, NO_GROUPS)).toList();

    private static final List<JsonObject> ARGUMENTS = List.of(new JsonObject(),
            new JsonObject().put("bucket", "jitgate-demo").put("key", "reports/q3.txt"),
            new JsonObject().put("bucket", "alice").put("key", "system/a.txt").put("body", "x".repeat(5000)).put("text", "hi"),
            new JsonObject().put("table", "jitgate-orders").put("customerId", "c-1").put("limit", 9_223_372_036_854_775_000L),
            new JsonObject().put("key", 7).put("limit", 3).put("maxKeys", "ten").put("customerId", "c-1"));
    private static final List<Intent> INTENTS = List.of(Intent.NONE, new Intent("fix the report", "alice", "please fix it"));
    private static final List<Instant> TIMES = List.of(Instant.parse("2026-12-02T10:00:00Z"), Instant.parse("2026-12-05T20:30:00Z"));
    private static final List<String> ADDRESSES = Arrays.asList(null, "127.0.0.1", "8.8.8.8");
    private static final List<Long> TASK_CALLS = Arrays.asList(null, 3L, 25L);

    private static final List<String> TOOLS = List.of("whoami", "s3_read_object", "s3_write_object", "sqs_send_message", "dynamodb_query_orders");

    /** Conditions (bodies of `when`) that all validate against the repository schema. */
    private static final List<String> CONDITIONS = List.of(
            "context[\"intent\"] has purpose && context[\"intent\"][\"purpose\"] like \"*fix*\"",
            "context has intent.purpose && context.intent.purpose != \"\"",
            "context.intent has taskId && context.intent.taskId == principal.user",
            "if context has taskCalls then context.taskCalls < 5 else principal.user != \"\"",
            "!(context has taskCalls && context.taskCalls >= 10)",
            "[\"sat\", \"sun\"].contains(context.weekday)",
            "[context.weekday, \"wed\"].containsAny([\"wed\"]) && resource.readOnly",
            "context.time.toTime() >= duration(\"9h\") && context.time < datetime(\"2026-12-03\")",
            "context.time.offset(duration(\"3d\")).durationSince(datetime(\"2026-01-01\")) > duration(\"1d\")",
            "context has sourceAddress && context.sourceAddress.isInRange(ip(\"127.0.0.0/8\"))",
            "context has sourceAddress && (context.sourceAddress.isLoopback() || context.sourceAddress == ip(\"8.8.8.8\"))",
            "principal == Agent::\"agent-x\" || principal.tenant == \"\"",
            "principal in Group::\"dev-agents\" && principal in Group::\"contractors\"",
            "principal.user like \"a*\" && resource.sensitivity == \"internal\"",
            "(if principal.tenant == \"t2\" then 9223372036854775807 + 1 else 0) == 0 || context.weekday == \"wed\"",
            "context.weekday == \"wed\" && 9223372036854775807 + (if resource.readOnly then 1 else 0) > 0",
            "(context has taskCalls && context.taskCalls * 461168601842738790 > 0) || resource.readOnly",
            "context.arguments has limit && context.arguments.limit + 1000 > 0",
            "context.arguments has key && context.arguments.key like \"*.txt\"",
            "context.argumentSizes has key && context.argumentSizes.key > 10",
            "context.request has TableName && context.request.TableName == \"jitgate-orders\"",
            "context.request has Bucket || context.arguments has bucket && context.arguments.bucket == principal.user",
            "context == context && resource.readOnly",
            "{\"w\": context.weekday, \"p\": principal.user}.w == \"wed\"",
            "{\"c\": context.intent}.c has purpose && [context].contains(context)",
            "decimal(\"1.5\").lessThan(decimal(\"2.0\")) && resource.tier == \"auto\"",
            "context has weekday && context has arguments && !(context has taskCalls)",
            "resource.destructive || context.intent has promptDigest && context.intent.promptDigest like \"*a*\"");

    private static final List<String> HEADS = List.of("principal, action == Action::\"call\", resource",
            "principal in Group::\"contractors\", action in [Action::\"call\"], resource",
            "principal == Agent::\"agent-x\", action == Action::\"call\", resource == Tool::\"whoami\"",
            "principal is Agent in Group::\"dev-agents\", action == Action::\"call\", resource in Tool::\"s3_write_object\"",
            "principal in Agent::\"agent-1\", action == Action::\"call\", resource is Tool");

    @BeforeAll
    static void setUp() throws Exception {
        CedarPolicyEngineTest.setUp();
    }

    @AfterAll
    static void tearDown() throws Exception {
        CedarPolicyEngineTest.tearDown();
    }

    @Test
    void eachShapeAloneAsAPermitAndAsAForbid(@TempDir Path dir) throws Exception {
        for (int i = 0; i < CONDITIONS.size(); i++) {
            String head = HEADS.get(i % HEADS.size());
            write(dir, "@id(\"p" + i + "\")\n@tier(\"confirm\")\npermit (" + head + ") when { " + CONDITIONS.get(i) + " };\n"
                    + "@id(\"f" + i + "\")\nforbid (" + head + ") unless { " + CONDITIONS.get(i) + " };\n"
                    + "@id(\"base\")\npermit (principal in Group::\"dev-agents\", action == Action::\"call\", resource) when { resource.readOnly };\n");
            decideTheGridBothWays(CedarPolicyEngineTest.withSchema(dir), "shape " + i + ": " + CONDITIONS.get(i));
        }
    }

    @Test
    void allShapesTogether(@TempDir Path dir) throws Exception {
        StringBuilder permits = new StringBuilder();
        StringBuilder mixed = new StringBuilder();
        for (int i = 0; i < CONDITIONS.size(); i++) {
            for (int h = 0; h < HEADS.size(); h++) {
                permits.append("@id(\"p").append(i).append('-').append(h).append("\")\n").append(h == 0 ? "@tier(\"approve\")\n" : "")
                        .append("permit (").append(HEADS.get(h)).append(") when { ").append(CONDITIONS.get(i)).append(" };\n");
            }
            mixed.append("@id(\"m").append(i).append("\")\n").append(i % 3 == 0 ? "forbid" : "permit").append(" (")
                    .append(HEADS.get(i % HEADS.size())).append(") when { ").append(CONDITIONS.get(i)).append(" };\n");
        }
        write(dir, permits.toString());
        decideTheGridBothWays(CedarPolicyEngineTest.withSchema(dir), "all permits");
        write(dir, mixed.toString());
        decideTheGridBothWays(CedarPolicyEngineTest.withSchema(dir), "mixed");
    }

    /**
     * Addresses Java reads but Cedar refuses are left out of every context (as any non-address is), so
     * a plan that never builds the attribute and the whole set see the same call; times Cedar cannot
     * hold are refused when the request is made, before either path.
     */
    @Test
    void contextValuesCedarRefusesAreDecidedAsTheWholeSetDoes(@TempDir Path dir) throws Exception {
        write(dir, """
                @id("read")
                permit (principal in Group::"dev-agents", action == Action::"call", resource) when { resource.readOnly };
                """);
        CedarPolicyEngine engine = CedarPolicyEngineTest.withSchema(dir);
        ToolDefinition tool = CedarPolicyEngineTest.tools.find("s3_read_object").orElseThrow();
        Instant wednesday = Instant.parse("2026-12-02T10:00:00Z");
        List<String> differences = new ArrayList<>();
        for (String address : List.of("1.2.3.04", "::ffff:127.0.0.1", "::127.0.0.1")) {
            compare(engine, new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, tool, new JsonObject(), Intent.NONE, wednesday, address, null),
                    differences);
        }
        for (String address : List.of("1.2.3.04", "::ffff:127.0.0.1", "::127.0.0.1", "fe80::1%eth0", "[::1]")) {
            assertThat(CedarRequests.isIpAddress(address)).as(address).isFalse();
        }
        for (String address : List.of("0.0.0.0", "255.255.255.255", "10.1.2.3", "::1", "0:0:0:0:0:0:0:1", "2001:db8::8a2e:370:7334")) {
            assertThat(CedarRequests.isIpAddress(address)).as(address).isTrue();
            compare(engine, new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, tool, new JsonObject(), Intent.NONE, wednesday, address, null),
                    differences);
        }
        for (Instant time : List.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"))) {
            assertThatThrownBy(() -> new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, tool, new JsonObject(), Intent.NONE, time, null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time must be between");
        }
        for (Instant time : List.of(PolicyRequest.EARLIEST, PolicyRequest.LATEST)) {
            compare(engine, new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, tool, new JsonObject(), Intent.NONE, time, null, null),
                    differences);
        }
        compare(engine, new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, tool, new JsonObject().put("key", "a\uD800b"),
                new Intent("p\uDC00", "t", "x\uD800"), wednesday, null, null), differences);
        assertThat(differences).as("decisions that differ from the whole set's").isEmpty();
    }

    private static void write(Path dir, String policies) throws java.io.IOException {
        Files.writeString(dir.resolve("p.cedar"), policies);
    }

    private static String outcome(Supplier<PolicyDecision> decision) {
        try {
            return String.valueOf(decision.get());
        } catch (RuntimeException e) {
            return "throws " + e;
        }
    }

    private static void compare(CedarPolicyEngine engine, PolicyRequest request, List<String> differences) {
        String planned = outcome(() -> engine.decide(request));
        String whole = outcome(() -> engine.decideWithWholeSet(request));
        if (!planned.equals(whole)) {
            differences.add("address " + request.sourceAddress() + ", time " + request.time() + ", arguments "
                    + request.arguments().encode() + "\n  planned " + planned + "\n  whole   " + whole);
        }
    }

    private static void decideTheGridBothWays(CedarPolicyEngine engine, String label) {
        new DecisionGrid(PRINCIPALS, TOOLS.stream().map(t -> CedarPolicyEngineTest.tools.find(t).orElseThrow()).toList(), ARGUMENTS, INTENTS,
                TIMES, ADDRESSES, TASK_CALLS).assertPlansAgreeWithTheWholeSet(engine, label);
    }
}
