package io.jitgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.approvals.Approval;
import io.jitgate.approvals.ApprovalDesk;
import io.jitgate.approvals.ApprovalSettings;
import io.jitgate.approvals.ApprovalStore;
import io.jitgate.audit.OperatorAction;
import io.jitgate.stages.ApproveStage;
import io.jitgate.tools.Tier;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approve stage alone, with a real desk on a temporary folder and a fake transport handle. */
class ApproveStageHoldTest {
    Vertx vertx;
    ApprovalDesk desk;
    ToolDefinition base;
    final List<OperatorAction> actions = new CopyOnWriteArrayList<>();

    /** A transport handle: can it wait, which approval id it presents, and its user's answer (null: no elicitation). */
    static CallControl control(boolean canWait, String approvalId, String answer) {
        return new CallControl() {
            @Override
            public boolean canWait() {
                return canWait;
            }

            @Override
            public String approvalId() {
                return approvalId;
            }

            @Override
            public Optional<UserConfirmation> userConfirmation() {
                return answer == null ? Optional.empty() : Optional.of((message, timeout) -> Future.succeededFuture(answer));
            }
        };
    }

    @BeforeEach
    void setUp(@TempDir Path dir) {
        vertx = Vertx.vertx();
        base = new io.jitgate.tools.ToolLoader(new io.jitgate.tools.SchemaCompiler(vertx.fileSystem()), io.jitgate.aws.AwsOperations.builtIn())
                .load(Path.of(System.getProperty("jitgate.root", "..")).resolve("tools")).find("whoami").orElseThrow();
        desk = ApprovalDesk.open(vertx, new ApprovalStore(dir.resolve("approvals.json")), action -> {
            actions.add(action);
            return Future.succeededFuture();
        }, new ApprovalSettings(Duration.ofMinutes(5), java.util.Map.of()), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        desk.close();
        vertx.close();
    }

    CallContext call(Tier tier) {
        ToolDefinition tool = new ToolDefinition(base.name(), base.title(), base.description(), base.inputSchema(),
                base.outputSchema(), base.annotations(), base.aws(), base.vaultRole(), tier, base.source(),
                base.inputValidator(), base.outputValidator(), base.sensitiveArguments());
        return PipelineTest.call().withTool(tool);
    }

    /** Runs the stage on a Vert.x context; the outcome's reason and the context it left. */
    record Seen(Reason reason, CallContext call) {
    }

    Seen run(CallContext call, CallControl control) throws Exception {
        ApproveStage stage = new ApproveStage(tool -> Optional.empty(), desk, RecordRedaction.DEFAULT);
        return vertx.getOrCreateContext().<Void>executeBlocking(() -> null).compose(v -> stage.apply(call, control))
                .transform(ar -> Future.succeededFuture(ar.succeeded() ? new Seen(Reason.OK, ar.result())
                        : new Seen(((GatewayError) ar.cause()).reason(), ((GatewayError) ar.cause()).enriched().orElse(call))))
                .await(10, TimeUnit.SECONDS);
    }

    @Test
    void confirmAsksTheUserWhenTheClientCanBeAskedAndElseHoldsForAnOperator() throws Exception {
        Seen accepted = run(call(Tier.CONFIRM), control(false, null, "accept"));
        assertThat(accepted.reason()).isEqualTo(Reason.OK);
        assertThat(accepted.call().approval().via()).isEqualTo("elicitation");
        assertThat(accepted.call().approval().decidedBy()).isEqualTo("u");
        assertThat(run(call(Tier.CONFIRM), control(false, null, "cancel")).reason()).isEqualTo(Reason.CONFIRMATION_DECLINED);
        assertThat(desk.list(null)).as("the user's answers hold nothing").isEmpty();

        Seen fallback = run(call(Tier.CONFIRM), control(false, null, null));
        assertThat(fallback.reason()).isEqualTo(Reason.APPROVAL_PENDING);
        assertThat(desk.list(Approval.Status.PENDING)).singleElement().satisfies(a -> {
            assertThat(a.tier()).isEqualTo("confirm");
            assertThat(a.id()).isEqualTo("c-1");
        });
    }

    @Test
    void anApprovedCallRunsOnceAndOnlyWithItsOwnArguments() throws Exception {
        assertThat(run(call(Tier.APPROVE), control(false, null, null)).reason()).isEqualTo(Reason.APPROVAL_PENDING);
        assertThat(run(call(Tier.APPROVE), control(false, "c-1", null)).reason()).as("still pending").isEqualTo(Reason.APPROVAL_PENDING);
        desk.decide("c-1", true, "ops", "fine").await(10, TimeUnit.SECONDS);
        assertThat(actions).singleElement().satisfies(a -> assertThat(a.type()).isEqualTo(OperatorAction.Type.APPROVAL_GRANTED));

        CallContext other = CallContext.received("c-2", java.time.Instant.now(), "s-1", "127.0.0.1",
                PipelineTest.call().principal(), "tool", new io.vertx.core.json.JsonObject().put("x", 2), Intent.NONE)
                .withTool(call(Tier.APPROVE).tool());
        assertThat(run(other, control(false, "c-1", null)).reason()).as("other arguments").isEqualTo(Reason.APPROVAL_INVALID);
        Seen ran = run(CallContext.received("c-3", java.time.Instant.now(), "s-1", "127.0.0.1", PipelineTest.call().principal(),
                "tool", new io.vertx.core.json.JsonObject().put("x", 1), Intent.NONE).withTool(call(Tier.APPROVE).tool()),
                control(false, "c-1", null));
        assertThat(ran.reason()).isEqualTo(Reason.OK);
        assertThat(ran.call().approval().decidedBy()).isEqualTo("ops");
        assertThat(desk.find("c-1").orElseThrow().usedBy()).isEqualTo("c-3");
        assertThat(run(call(Tier.APPROVE), control(false, "c-1", null)).reason()).as("used once").isEqualTo(Reason.APPROVAL_INVALID);
    }
}
