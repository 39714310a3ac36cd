package io.jitgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.aws.AwsOperations;
import io.jitgate.stages.ApproveStage;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.Tier;
import io.jitgate.tools.ToolDefinition;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApproveStageTest {
    static Vertx vertx;
    static ToolDefinition base;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        base = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn())
                .load(Path.of(System.getProperty("jitgate.root", "..")).resolve("tools")).find("whoami").orElseThrow();
    }

    @AfterAll
    static void tearDown() {
        vertx.close();
    }

    @ParameterizedTest
    @CsvSource({"AUTO,OK", "CONFIRM,APPROVAL_REQUIRED", "APPROVE,APPROVAL_REQUIRED", "DENY,TIER_DENIED"})
    void onlyTheAutoTierRunsWithoutAPersonAndTheTierIsRecorded(Tier tier, Reason expected) throws Exception {
        ToolDefinition tool = new ToolDefinition(base.name(), base.title(), base.description(), base.inputSchema(),
                base.outputSchema(), base.annotations(), base.aws(), base.vaultRole(), tier, base.source(),
                base.inputValidator(), base.outputValidator(), base.sensitiveArguments());
        CallContext call = PipelineTest.call().withTool(tool);
        Future<CallContext> result = new ApproveStage().apply(call);
        CallContext seen = result.transform(ar -> Future.succeededFuture(ar.succeeded() ? ar.result()
                : ((GatewayError) ar.cause()).enriched().orElseThrow())).await(5, TimeUnit.SECONDS);
        assertThat(seen.tier()).isEqualTo(tier);
        Reason reason = result.failed() ? ((GatewayError) result.cause()).reason() : Reason.OK;
        assertThat(reason).isEqualTo(expected);
    }

}
