package io.jitgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.audit.OperatorAction;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.aws.AwsOperations;
import io.jitgate.mcp.SessionIds;
import io.jitgate.mcp.SessionRegistry;
import io.jitgate.metrics.GatewayMetrics;
import io.jitgate.pipeline.Intent;
import io.jitgate.policy.CedarPolicyEngine;
import io.jitgate.policy.PolicyEngine;
import io.jitgate.policy.PolicyRequest;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload of the policies folder: an invalid set is refused (logged with file:line, counted, recorded
 * as a refused {@code policies_reloaded}) and the previous set keeps deciding; a valid one is recorded
 * as accepted and takes over.
 */
class CatalogReloaderTest {
    static final Path ROOT = Path.of(System.getProperty("jitgate.root", ".."));
    static final AgentPrincipal DEV = new AgentPrincipal("a1", "alice", List.of("dev-agents"), "acme", List.of());

    Vertx vertx;
    Path tools;
    Path policies;
    AtomicReference<ToolCatalog> catalog;
    AtomicReference<PolicyEngine> policy;
    GatewayMetrics metrics = new GatewayMetrics();
    LinkedBlockingQueue<OperatorAction> recorded = new LinkedBlockingQueue<>();
    CatalogReloader reloader;
    SessionRegistry sessions = new SessionRegistry(new SessionIds(SessionIds.randomKey()), Duration.ofHours(1), Clock.systemUTC());

    @BeforeEach
    void setUp(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        tools = Files.createDirectories(dir.resolve("tools"));
        policies = Files.createDirectories(dir.resolve("policies"));
        try (Stream<Path> files = Files.list(ROOT.resolve("tools"))) {
            for (Path f : files.toList()) {
                Files.copy(f, tools.resolve(f.getFileName()));
            }
        }
        Files.copy(ROOT.resolve("policies/jitgate.cedarschema"), policies.resolve("jitgate.cedarschema"));
        Files.writeString(policies.resolve("p.cedar"), """
                @id("reads")
                permit (principal in Group::"dev-agents", action == Action::"call", resource) when { resource.readOnly };
                @id("everyone-sees-the-catalogue")
                permit (principal, action == Action::"list", resource);
                """);
        ToolLoader loader = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn());
        catalog = new AtomicReference<>(loader.load(tools));
        policy = new AtomicReference<>(CedarPolicyEngine.load(policies, catalog.get()));
        reloader = new CatalogReloader(vertx, tools, null, policies, loader, catalog, policy, sessions,
                action -> {
                    recorded.add(action);
                    return Future.succeededFuture();
                }, metrics);
        reloader.start(50);
    }

    @AfterEach
    void tearDown() {
        reloader.stop();
        vertx.close();
    }

    private boolean readAllowed() {
        return policy.get().decide(new PolicyRequest(DEV, PolicyRequest.PolicyAction.CALL, catalog.get().find("s3_read_object").orElseThrow(),
                new JsonObject(), Intent.NONE)).allowed();
    }

    private OperatorAction nextRecord() throws InterruptedException {
        OperatorAction action = recorded.poll(30, TimeUnit.SECONDS);
        assertThat(action).as("a policies_reloaded record").isNotNull();
        return action;
    }

    @Test
    void anInvalidSetIsRefusedAndThePreviousSetStillDecides() throws Exception {
        PolicyEngine before = policy.get();
        Files.writeString(policies.resolve("p.cedar"), """
                @id("reads")
                permit (principal in Group::"dev-agents", action == Action::"call", resource)
                when { resource.readonly };
                """);
        OperatorAction refused = nextRecord();
        assertThat(refused.type()).isEqualTo(OperatorAction.Type.POLICIES_RELOADED);
        assertThat(refused.actor()).isEqualTo("system:reload");
        assertThat(refused.detail().getString("result")).isEqualTo("refused");
        assertThat(refused.detail().getString("reason")).contains(policies.resolve("p.cedar") + ":3: policy reads:")
                .contains("attribute `readonly` on entity type `Tool` not found");
        assertThat(policy.get()).isSameAs(before);
        assertThat(readAllowed()).isTrue();
        assertThat(metrics.scrape()).contains("jitgate_policy_reloads_total{result=\"refused\"} 1.0");

        Files.writeString(policies.resolve("p.cedar"), """
                @id("nothing-but-writes")
                permit (principal in Group::"dev-agents", action == Action::"call", resource) when { !resource.readOnly };
                """);
        OperatorAction accepted = nextRecord();
        assertThat(accepted.detail().getString("result")).isEqualTo("accepted");
        assertThat(accepted.detail().getInteger("policies")).isEqualTo(1);
        // the swap follows the record on the event loop
        for (int i = 0; i < 300 && policy.get() == before; i++) {
            Thread.sleep(10);
        }
        assertThat(policy.get()).isNotSameAs(before);
        assertThat(readAllowed()).isFalse();
        assertThat(metrics.scrape()).contains("jitgate_policy_reloads_total{result=\"accepted\"} 1.0");
    }

    @Test
    void listChangedGoesOnlyToSessionsWhoseVisibleToolsChanged() throws Exception {
        var dev = sessions.open("a1", "2025-11-25");
        dev.principal(DEV);
        dev.standaloneStream();
        var contractor = sessions.open("c1", "2025-11-25");
        contractor.principal(new AgentPrincipal("c1", "carol", List.of("contractors"), "acme", List.of()));
        contractor.standaloneStream();
        Files.writeString(policies.resolve("more.cedar"), """
                @id("contractors-whoami")
                permit (principal in Group::"contractors", action == Action::"call", resource == Tool::"whoami");
                """);
        assertThat(nextRecord().detail().getString("result")).isEqualTo("accepted");
        for (int i = 0; i < 300 && contractor.streamOf(1).isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(contractor.streamOf(1)).as("the contractor now sees whoami: told").isPresent();
        assertThat(dev.streamOf(1)).as("the dev agent sees the same tools: not told").isEmpty();
    }
}
