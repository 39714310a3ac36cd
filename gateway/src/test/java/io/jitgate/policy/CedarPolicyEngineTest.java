package io.jitgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.aws.AwsOperations;
import io.jitgate.pipeline.Intent;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CedarPolicyEngineTest {
    static final Path ROOT = Path.of(System.getProperty("jitgate.root", ".."));
    static Vertx vertx;
    static ToolCatalog tools;
    static CedarPolicyEngine engine;
    static final AgentPrincipal DEV = new AgentPrincipal("agent-1", "alice", List.of("dev-agents"), "t1", List.of());
    static final AgentPrincipal STRANGER = new AgentPrincipal("agent-2", "bob", List.of("other"), "t1", List.of());

    @BeforeAll
    static void setUp() throws Exception {
        vertx = Vertx.vertx();
        tools = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn()).load(ROOT.resolve("tools"));
        engine = CedarPolicyEngine.load(ROOT.resolve("policies"), tools);
    }

    @AfterAll
    static void tearDown() throws Exception {
        vertx.close();
    }

    private PolicyDecision call(AgentPrincipal who, String tool, Intent intent) {
        return engine.decide(new PolicyRequest(who, PolicyRequest.PolicyAction.CALL, tools.find(tool).orElseThrow(), new JsonObject(), intent));
    }

    @Test
    void devAgentsReadWithoutAnIntentAndTheDecidingPolicyIsNamed() throws Exception {
        PolicyDecision d = call(DEV, "s3_read_object", Intent.NONE);
        assertThat(d.allowed()).isTrue();
        assertThat(d.policyIds()).containsExactly("dev-agents-read");
    }

    @Test
    void writesNeedAPurposeAndATask() throws Exception {
        assertThat(call(DEV, "s3_write_object", Intent.NONE).allowed()).isFalse();
        assertThat(call(DEV, "s3_write_object", new Intent("fix report", null, null)).allowed()).isFalse();
        assertThat(call(DEV, "s3_write_object", new Intent("", "T-1", null)).allowed()).isFalse();
        PolicyDecision ok = call(DEV, "s3_write_object", new Intent("fix report", "T-1", "please fix the report"));
        assertThat(ok.allowed()).isTrue();
        assertThat(ok.policyIds()).containsExactly("dev-agents-write-with-intent");
    }

    @Test
    void everythingElseIsDeniedByDefault() throws Exception {
        PolicyDecision d = call(STRANGER, "s3_read_object", Intent.NONE);
        assertThat(d.allowed()).isFalse();
        assertThat(d.policyIds()).isEmpty();
        assertThat(engine.decide(new PolicyRequest(STRANGER, PolicyRequest.PolicyAction.LIST, tools.find("whoami").orElseThrow(),
                new JsonObject(), Intent.NONE)).allowed()).isFalse();
    }

    @Test
    void argumentsReachThePolicyContext(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.cedar"), """
                @id("only-reports")
                permit (principal, action == Action::"call", resource == Tool::"s3_read_object")
                when { context.arguments has key && context.arguments.key like "reports/*" };
                """);
        CedarPolicyEngine reports = withSchema(dir);
        var tool = tools.find("s3_read_object").orElseThrow();
        assertThat(reports.decide(new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, tool,
                new JsonObject().put("key", "reports/q3.txt"), Intent.NONE)).allowed()).isTrue();
        assertThat(reports.decide(new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, tool,
                new JsonObject().put("key", "secrets.txt"), Intent.NONE)).allowed()).isFalse();
    }

    @Test
    void theCallContextCarriesPromptDigestTimeWeekdaySourceAndHistory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.cedar"), """
                @id("everything")
                permit (principal, action == Action::"call", resource == Tool::"whoami")
                when {
                  context.intent has promptDigest &&
                  context.intent.promptDigest == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" &&
                  context.time == datetime("2027-01-04T09:30:00Z") && context.weekday == "mon" &&
                  context has sourceAddress && context.sourceAddress == ip("10.1.2.3") &&
                  context has taskCalls && context.taskCalls == 7
                };
                """);
        CedarPolicyEngine all = withSchema(dir);
        var tool = tools.find("whoami").orElseThrow();
        java.time.Instant monday = java.time.Instant.parse("2027-01-04T09:30:00Z");
        assertThat(all.decide(new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, tool, new JsonObject(),
                new Intent("p", "T-1", "hello"), monday, "10.1.2.3", 7L)).allowed()).isTrue();
        assertThat(all.decide(new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, tool, new JsonObject(),
                new Intent("p", "T-1", "hello"), monday, "10.1.2.3", 8L)).allowed()).isFalse();
        assertThat(all.decide(new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, tool, new JsonObject(),
                new Intent("p", "T-1", "hello"), monday.plusSeconds(86_400), "10.1.2.3", 7L)).allowed()).isFalse();
    }

    @Test
    void theArgumentSizesAndTheAwsRequestReachThePolicy(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.cedar"), """
                @id("sized")
                permit (principal, action == Action::"call", resource)
                when {
                  context.argumentSizes has body && context.argumentSizes.body == 4 &&
                  context.request has QueueName && context.request.QueueName == "jitgate-events"
                };
                """);
        assertThat(withSchema(dir).decide(new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, tools.find("sqs_send_message").orElseThrow(),
                new JsonObject().put("body", "éé"), Intent.NONE)).allowed()).isTrue();
        assertThat(withSchema(dir).decide(new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, tools.find("sqs_send_message").orElseThrow(),
                new JsonObject().put("body", "ééx"), Intent.NONE)).allowed()).isFalse();
    }

    @Test
    void aMalformedPolicyFileIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.cedar"), "permit (principal, action, resource) when { resource.readOnly ");
        assertThatThrownBy(() -> withSchema(dir)).isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("broken.cedar");
    }

    @Test
    void duplicatePolicyIdsAreRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.cedar"), "@id(\"x\") permit (principal, action, resource);");
        Files.writeString(dir.resolve("b.cedar"), "@id(\"x\") forbid (principal, action, resource);");
        assertThatThrownBy(() -> withSchema(dir)).hasMessageContaining("policy id 'x' is already used");
    }

    @Test
    void policiesWithoutAnIdAreNamedAfterTheirFileAndPosition(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("open.cedar"), "forbid (principal, action, resource == Tool::\"whoami\");\npermit (principal, action, resource);");
        PolicyDecision d = withSchema(dir).decide(new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL,
                tools.find("s3_read_object").orElseThrow(), new JsonObject(), Intent.NONE));
        assertThat(d.policyIds()).containsExactly("open.cedar#2");
        PolicyDecision forbidden = withSchema(dir).decide(new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL,
                tools.find("whoami").orElseThrow(), new JsonObject(), Intent.NONE));
        assertThat(forbidden.allowed()).isFalse();
        assertThat(forbidden.policyIds()).containsExactly("open.cedar#1");
    }

    /** Loads {@code dir} with the repository's schema copied beside its policies. */
    @Test
    void aCallIsDecidedWithThePoliciesOfItsToolOnlyAndTheAnswerIsTheSame(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.cedar"), """
                @id("read-everything")
                permit (principal, action == Action::"call", resource) when { resource.readOnly };
                @id("no-whoami-for-bob")
                forbid (principal, action == Action::"call", resource == Tool::"whoami") when { principal.user == "bob" };
                @id("writes-with-a-task")
                permit (principal in Group::"dev-agents", action == Action::"call", resource == Tool::"s3_write_object")
                when { context.intent has taskId };
                @id("listing")
                permit (principal, action == Action::"list", resource);
                @id("no-calls-at-all-for-group-other")
                forbid (principal in Group::"other", action, resource);
                """);
        CedarPolicyEngine sliced = withSchema(dir);
        assertThat(sliced.size()).isEqualTo(5);
        assertThat(sliced.sizeForCall(tools.find("whoami").orElseThrow())).isEqualTo(3);
        assertThat(sliced.sizeForCall(tools.find("s3_read_object").orElseThrow())).isEqualTo(2);
        assertThat(sliced.sizeForCall(tools.find("s3_write_object").orElseThrow())).isEqualTo(3);

        AgentPrincipal bob = new AgentPrincipal("agent-3", "bob", List.of("dev-agents"), "t1", List.of());
        assertDecision(sliced, bob, "whoami", Intent.NONE, false, "no-whoami-for-bob");
        assertDecision(sliced, bob, "s3_read_object", Intent.NONE, true, "read-everything");
        assertDecision(sliced, DEV, "s3_write_object", new Intent("p", "T-1", null), true, "writes-with-a-task");
        assertDecision(sliced, STRANGER, "s3_read_object", Intent.NONE, false, "no-calls-at-all-for-group-other");
        assertThat(sliced.decide(new PolicyRequest(DEV, PolicyRequest.PolicyAction.LIST, tools.find("whoami").orElseThrow(),
                new JsonObject(), Intent.NONE)).policyIds()).containsExactly("listing");
    }

    private static void assertDecision(CedarPolicyEngine engine, AgentPrincipal who, String tool, Intent intent, boolean allowed,
            String determiningPolicy) {
        PolicyDecision decision = engine.decide(new PolicyRequest(who, PolicyRequest.PolicyAction.CALL, tools.find(tool).orElseThrow(),
                new JsonObject(), intent));
        assertThat(decision.allowed()).as(who.agentId() + " calling " + tool).isEqualTo(allowed);
        assertThat(decision.policyIds()).containsExactly(determiningPolicy);
    }

    static CedarPolicyEngine withSchema(Path dir) throws java.io.IOException {
        Files.copy(ROOT.resolve("policies").resolve(PolicySchema.FILE), dir.resolve(PolicySchema.FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return CedarPolicyEngine.load(dir, tools);
    }
}
