package io.jitgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.aws.AwsOperations;
import io.jitgate.policy.PolicyDecision;
import io.jitgate.policy.PolicyRequest;
import io.jitgate.policy.TaskCallCounter;
import io.jitgate.stages.AuthorizeStage;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The authorize stage gives the policy the call's time, source address and the agent's history in the task. */
class AuthorizeStageTest {
    static final Path ROOT = Path.of(System.getProperty("jitgate.root", ".."));
    static Vertx vertx;
    static ToolCatalog tools;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        tools = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn()).load(ROOT.resolve("tools"));
    }

    @AfterAll
    static void tearDown() {
        vertx.close();
    }

    CallContext call(String agent, String task, Instant at, String source) {
        return CallContext.received("c-" + at.toEpochMilli(), at, "s1", source,
                new AgentPrincipal(agent, "alice", List.of("dev-agents"), "acme", List.of()), "whoami", new JsonObject(),
                new Intent("p", task, null)).withTool(tools.find("whoami").orElseThrow());
    }

    @Test
    void thePolicySeesTimeSourceAndHowManyCallsTheAgentMadeInTheTask() {
        List<PolicyRequest> asked = new ArrayList<>();
        AuthorizeStage stage = new AuthorizeStage(() -> request -> {
            asked.add(request);
            return new PolicyDecision(true, List.of("p"), List.of());
        }, new TaskCallCounter(Duration.ofMinutes(5), 100));
        Instant t0 = Instant.parse("2027-01-04T09:30:00Z");
        stage.apply(call("a1", "T-1", t0, "10.0.0.7"));
        stage.apply(call("a1", "T-1", t0.plusSeconds(1), "10.0.0.7"));
        stage.apply(call("a2", "T-1", t0.plusSeconds(2), "10.0.0.8"));
        stage.apply(call("a1", null, t0.plusSeconds(3), null));
        stage.apply(call("a1", "T-1", t0.plusSeconds(4), "10.0.0.7"));

        assertThat(asked).extracting(PolicyRequest::taskCalls).containsExactly(0L, 1L, 0L, null, 2L);
        assertThat(asked).extracting(PolicyRequest::time).containsExactly(t0, t0.plusSeconds(1), t0.plusSeconds(2),
                t0.plusSeconds(3), t0.plusSeconds(4));
        assertThat(asked).extracting(PolicyRequest::sourceAddress).containsExactly("10.0.0.7", "10.0.0.7", "10.0.0.8", null, "10.0.0.7");
        assertThat(asked).extracting(PolicyRequest::action).containsOnly(PolicyRequest.PolicyAction.CALL);
    }

    @Test
    void aDenialReadsLikeAnUnknownToolAndKeepsTheDecidingPolicies() {
        AuthorizeStage stage = new AuthorizeStage(() -> request -> new PolicyDecision(false, List.of("no-writes-under-system"), List.of()));
        var failed = stage.apply(call("a1", "T-1", Instant.now(), "10.0.0.7"));
        assertThat(failed.failed()).isTrue();
        GatewayError error = (GatewayError) failed.cause();
        assertThat(error.getMessage()).isEqualTo("Unknown tool: whoami");
        assertThat(error.reason()).isEqualTo(Reason.POLICY_DENIED);
        assertThat(error.auditDetail()).contains("no-writes-under-system");
    }
}
