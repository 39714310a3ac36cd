package io.jitgate.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.audit.OperatorAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desk on its own (a real store in a temporary folder, operator actions collected in a list, a
 * clock the test moves): a repeated call joins the pending approval of the same call instead of
 * holding a second one, and a waiting call that is cancelled withdraws its approval, which then
 * cannot be decided.
 */
class ApprovalDeskTest {
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-04T09:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    Vertx vertx;
    ApprovalStore store;
    ApprovalDesk desk;
    final MovableClock clock = new MovableClock();
    final List<OperatorAction> actions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open(@TempDir Path dir) {
        vertx = Vertx.vertx();
        store = new ApprovalStore(dir.resolve("approvals.json"));
        desk = ApprovalDesk.open(vertx, store, action -> {
            actions.add(action);
            return Future.succeededFuture();
        }, new ApprovalSettings(Duration.ofMinutes(15), Map.of()), clock);
    }

    @AfterEach
    void close() throws Exception {
        desk.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    Approval hold(String callId, String user, String binding) throws Exception {
        return desk.hold(callId, "report-agent", user, "s3_write_object", binding, new JsonObject().put("key", "reports/a.txt"),
                new JsonObject().put("purpose", "publish"), "approve").await(10, TimeUnit.SECONDS);
    }

    @Test
    void aRepeatedCallJoinsThePendingApprovalOfTheSameCallUntilItIsNoLongerPending() throws Exception {
        assertThat(hold("call-1", "alice", "b1").id()).isEqualTo("call-1");
        assertThat(hold("call-2", "alice", "b1").id()).as("same call, still pending: joined").isEqualTo("call-1");
        assertThat(hold("call-3", "bob", "b1").id()).as("another user").isEqualTo("call-3");
        assertThat(hold("call-4", "alice", "b2").id()).as("other arguments").isEqualTo("call-4");
        assertThat(desk.list(Approval.Status.PENDING)).extracting(Approval::id).containsExactly("call-1", "call-3", "call-4");
        assertThat(store.load()).extracting(Approval::id).containsExactly("call-1", "call-3", "call-4");

        desk.decide("call-1", false, "ops-carol", "no").await(10, TimeUnit.SECONDS);
        assertThat(hold("call-5", "alice", "b1").id()).as("denied: a new call asks anew").isEqualTo("call-5");
        desk.decide("call-5", true, "ops-carol", null).await(10, TimeUnit.SECONDS);
        assertThat(hold("call-6", "alice", "b1").id()).as("approved, not pending: a new call without the id asks anew")
                .isEqualTo("call-6");
        desk.decide("call-6", true, "ops-carol", null).await(10, TimeUnit.SECONDS);
        desk.use("call-6", "call-7").await(10, TimeUnit.SECONDS);
        assertThat(hold("call-8", "alice", "b1").id()).as("used").isEqualTo("call-8");

        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(hold("call-9", "alice", "b1").id()).as("past its timeout, even before the timer fired").isEqualTo("call-9");
    }

    @Test
    void aCancelledWaiterWithdrawsTheApprovalWhichCannotBeDecidedAfterwards() throws Exception {
        hold("call-1", "alice", "b1");
        Future<Approval> waiting = desk.awaitDecision("call-1");
        desk.stopWaiting("call-1", waiting, "report-agent", "the user gave up");

        Approval withdrawn = waiting.await(10, TimeUnit.SECONDS);
        assertThat(withdrawn.status()).isEqualTo(Approval.Status.WITHDRAWN);
        assertThat(withdrawn.decidedBy()).isEqualTo("agent:report-agent");
        assertThat(withdrawn.comment()).isEqualTo("cancelled by the agent: the user gave up");
        assertThat(store.load()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(Approval.Status.WITHDRAWN));
        assertThatThrownBy(() -> desk.decide("call-1", true, "ops-carol", null).await(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(ApprovalDesk.Refused.class, r -> assertThat(r.code()).isEqualTo("approval_withdrawn"))
                .hasMessageContaining("withdrawn").hasMessageContaining("cancelled the call").hasMessageContaining("the user gave up");
        assertThat(actions).as("nothing was decided").isEmpty();
        assertThat(hold("call-2", "alice", "b1").id()).as("a new call asks anew").isEqualTo("call-2");
    }

    @Test
    void anApprovalAnotherCallStillWaitsForIsNotWithdrawn() throws Exception {
        hold("call-1", "alice", "b1");
        Future<Approval> first = desk.awaitDecision("call-1");
        Future<Approval> second = desk.awaitDecision("call-1");
        desk.stopWaiting("call-1", second, "report-agent", "one of two gave up");
        assertThat(second.await(10, TimeUnit.SECONDS).status()).isEqualTo(Approval.Status.PENDING);
        assertThat(first.isComplete()).isFalse();
        assertThat(desk.find("call-1").orElseThrow().status()).isEqualTo(Approval.Status.PENDING);

        desk.stopWaiting("call-1", first, "report-agent", "the other gave up too");
        assertThat(first.await(10, TimeUnit.SECONDS).status()).isEqualTo(Approval.Status.WITHDRAWN);
    }

    @Test
    void aCallWokenByADecisionIsNotChangedByALateCancel() throws Exception {
        hold("call-1", "alice", "b1");
        Future<Approval> waiting = desk.awaitDecision("call-1");
        desk.decide("call-1", true, "ops-carol", "fine").await(10, TimeUnit.SECONDS);
        assertThat(waiting.await(10, TimeUnit.SECONDS).status()).isEqualTo(Approval.Status.APPROVED);
        desk.stopWaiting("call-1", waiting, "report-agent", "too late");
        assertThat(desk.find("call-1").orElseThrow().status()).isEqualTo(Approval.Status.APPROVED);
    }
}
