package io.jitgate.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.aws.AwsOperations;
import io.jitgate.pipeline.CallContext;
import io.jitgate.provision.IamPlan;
import io.jitgate.provision.LeastPrivilegeCheck;
import io.jitgate.provision.ProvisioningPlan;
import io.jitgate.stages.CredentialsStage;
import io.jitgate.stages.ExecuteStage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local tool kind ({@code "local": "echo"}): no AWS binding, no Vault role, no credentials. */
class LocalToolTest {
    static final Path ROOT = Path.of(System.getProperty("jitgate.root", ".."));
    static Vertx vertx;
    static ToolLoader loader;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        loader = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn());
    }

    @AfterAll
    static void tearDown() {
        vertx.close();
    }

    static JsonObject echo() throws Exception {
        return new JsonObject(Files.readString(ROOT.resolve("loadtest/tools/echo.json")));
    }

    @Test
    void theLoadtestEchoToolLoadsAsALocalTool() throws Exception {
        ToolDefinition tool = loader.parse(Path.of("echo.json"), echo());
        assertThat(tool.isLocal()).isTrue();
        assertThat(tool.aws()).isNull();
        assertThat(tool.vaultRole()).isNull();
        assertThat(tool.service()).isEqualTo("local");
        assertThat(tool.operation()).isEqualTo("echo");
        assertThat(tool.readOnly()).isTrue();
    }

    @Test
    void aLocalToolNamesNoAwsBindingNoVaultRoleAndAKnownKind() throws Exception {
        assertThatThrownBy(() -> loader.parse(Path.of("echo.json"), echo().put("vaultRole", "r")))
                .hasMessageContaining("echo.json: vaultRole cannot be set on a local tool");
        assertThatThrownBy(() -> loader.parse(Path.of("echo.json"), echo().put("aws", new JsonObject().put("service", "s3"))))
                .hasMessageContaining("aws cannot be set on a local tool");
        assertThatThrownBy(() -> loader.parse(Path.of("echo.json"), echo().put("local", "shell")))
                .hasMessageContaining("local must be \"echo\" (the only local tool kind), but was shell");
    }

    @Test
    void provisioningLeavesLocalToolsOut(@TempDir Path dir) throws Exception {
        try (Stream<Path> files = Files.list(ROOT.resolve("tools"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("echo.json"), echo().encode());
        ToolCatalog catalog = loader.load(dir);
        ProvisioningPlan plan = ProvisioningPlan.of(catalog, "123456789012", "arn:aws:iam::123456789012:user/v", "aws", List.of());
        assertThat(plan.roles()).extracting(ProvisioningPlan.ToolRole::tool).doesNotContain("echo").hasSize(catalog.size() - 1);
        assertThat(IamPlan.gatewayAcl("aws", catalog)).doesNotContain("null");
        assertThat(LeastPrivilegeCheck.violations(catalog, plan, List.of())).isEmpty();
    }

    @Test
    void aLocalCallGetsNoCredentialsAndEchoesItsArguments() throws Exception {
        ToolDefinition tool = loader.parse(Path.of("echo.json"), echo());
        JsonObject args = new JsonObject().put("text", "hi");
        CallContext call = CallContext.received("c1", Instant.now(), "s1", "127.0.0.1", null, "echo", args, null).withTool(tool);

        // no issuer, no AWS clients: a local call must touch neither
        CallContext afterCredentials = new CredentialsStage(null, null, null, null).apply(call).await(5, TimeUnit.SECONDS);
        assertThat(afterCredentials.credentials()).isNull();
        CallContext done = new ExecuteStage(vertx, null, null, null, Duration.ofSeconds(1), null).apply(afterCredentials)
                .await(5, TimeUnit.SECONDS);
        assertThat(done.awsResult().structured()).isEqualTo(new JsonObject().put("arguments", args));
        assertThat(done.awsResult().text()).isEqualTo("{\"text\":\"hi\"}");
        assertThat(done.awsResult().service()).isEqualTo("local");
    }
}
