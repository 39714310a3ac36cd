package io.jitgate.approvals;

import io.jitgate.audit.OperatorAction;
import io.jitgate.audit.OperatorAudit;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where held calls wait for an operator. A call that needs approval is {@link #hold held} (saved
 * before anyone is told of it); an operator {@link #decide decides} it (recorded as an operator
 * action before it takes effect, saved before the waiting call hears of it); a call that nobody
 * decides within its timeout is timed out; an approved call is {@link #use used} exactly once.
 * Every change is saved through {@link ApprovalStore} on one writer thread, so pending approvals
 * survive a restart: {@link #open} re-arms their timeouts. A change that cannot be saved does not
 * happen (fail closed).
 */
public final class ApprovalDesk {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalDesk.class);
    /** Decided approvals are forgotten this long after their decision. */
    static final Duration KEEP_DECIDED = Duration.ofDays(1);

    /** A request the desk refuses: {@code code} is a stable word, the message names what is wrong. */
    public static final class Refused extends RuntimeException {
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Vertx vertx;
    private final ApprovalStore store;
    private final OperatorAudit audit;
    private final ApprovalSettings settings;
    private final Clock clock;
    private final WorkerExecutor writer;
    private final Map<String, Approval> approvals = new LinkedHashMap<>();
    private final Map<String, List<Waiter>> waiters = new HashMap<>();
    private final Map<String, Long> timers = new HashMap<>();
    private final Set<String> deciding = new HashSet<>();
    /** Approvals held but not saved yet: a call that joins one hears of it once it is saved. */
    private final Map<String, Future<Approval>> unsaved = new HashMap<>();
    private long version;

    private record Waiter(Promise<Approval> promise, Context context) {
        void complete(Approval approval) {
            if (context == null) {
                promise.tryComplete(approval);
            } else {
                context.runOnContext(v -> promise.tryComplete(approval));
            }
        }

        void fail(Throwable cause) {
            if (context == null) {
                promise.tryFail(cause);
            } else {
                context.runOnContext(v -> promise.tryFail(cause));
            }
        }
    }

    private ApprovalDesk(Vertx vertx, ApprovalStore store, OperatorAudit audit, ApprovalSettings settings, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
        this.writer = vertx.createSharedWorkerExecutor("jitgate-approvals-" + System.identityHashCode(this), 1);
    }

    /** Loads the saved approvals (a malformed file stops the start) and re-arms the timeouts of pending ones. */
    public static ApprovalDesk open(Vertx vertx, ApprovalStore store, OperatorAudit audit, ApprovalSettings settings, Clock clock) {
        ApprovalDesk desk = new ApprovalDesk(vertx, store, audit, settings, clock);
        for (Approval approval : store.load()) {
            desk.approvals.put(approval.id(), approval);
        }
        synchronized (desk) {
            desk.approvals.values().stream().filter(a -> a.status() == Approval.Status.PENDING).forEach(desk::arm);
        }
        return desk;
    }

    public ApprovalSettings settings() {
        return settings;
    }

    /**
     * Holds a call: saves a pending approval and arms its timeout. Fails if it cannot be saved. If
     * an approval for the same call ({@code binding}: agent, tool and arguments) and the same user is
     * still pending and not past its timeout, no second one is made: the future holds that one (its
     * id differs from {@code callId}), once it is saved.
     */
    public Future<Approval> hold(String callId, String agent, String user, String tool, String binding, JsonObject recordedArguments,
            JsonObject recordedIntent, String tier) {
        Instant now = clock.instant();
        Approval approval = new Approval(callId, agent, user, tool, binding, recordedArguments, recordedIntent, tier,
                Approval.Status.PENDING, now, now.plus(settings.timeoutFor(tool)), null, null, null, null);
        Promise<Approval> saved = Promise.promise();
        synchronized (this) {
            Optional<Approval> open = approvals.values().stream().filter(a -> a.status() == Approval.Status.PENDING
                    && a.binding().equals(binding) && java.util.Objects.equals(a.user(), user) && now.isBefore(a.expiresAt())
                    && !deciding.contains(a.id())).findFirst();
            if (open.isPresent()) {
                return unsaved.getOrDefault(open.get().id(), Future.succeededFuture(open.get()));
            }
            if (approvals.containsKey(callId)) {
                return Future.failedFuture(new Refused("duplicate_approval", "approval " + callId + " exists already"));
            }
            approvals.put(callId, approval);
            unsaved.put(callId, saved.future());
        }
        save().onComplete(done -> {
            synchronized (this) {
                unsaved.remove(callId);
                if (done.succeeded()) {
                    arm(approval);
                } else {
                    approvals.remove(callId);
                }
            }
            saved.handle(done.map(approval));
        });
        return saved.future();
    }

    public synchronized Optional<Approval> find(String id) {
        return Optional.ofNullable(id == null ? null : approvals.get(id));
    }

    /** The approvals with {@code status} (all when null), oldest first. */
    public synchronized List<Approval> list(Approval.Status status) {
        return approvals.values().stream().filter(a -> status == null || a.status() == status).toList();
    }

    /** Completes once the approval is no longer pending (at once if it is not); on the caller's context. */
    public Future<Approval> awaitDecision(String id) {
        Promise<Approval> promise = Promise.promise();
        synchronized (this) {
            Approval approval = approvals.get(id);
            if (approval == null) {
                return Future.failedFuture(new Refused("unknown_approval", "no approval " + id));
            }
            if (approval.status() != Approval.Status.PENDING) {
                return Future.succeededFuture(approval);
            }
            waiters.computeIfAbsent(id, k -> new ArrayList<>()).add(new Waiter(promise, Vertx.currentContext()));
        }
        return promise.future();
    }

    /**
     * A call that waits ({@code waiting}, from {@link #awaitDecision}) stops waiting because its agent
     * cancelled it. Its wait ends at once: {@code waiting} completes with the approval as it then
     * stands. When no other call waits for the approval and it is still pending (not being decided),
     * it is withdrawn first ({@link Approval.Status#WITHDRAWN}, saved; decided by
     * {@code agent:<agent>} with {@code why} as comment), so that no operator approves a call nobody
     * waits for. If the withdrawal cannot be saved, the approval stays pending.
     */
    public void stopWaiting(String id, Future<Approval> waiting, String agent, String why) {
        Waiter stopped = null;
        Approval before;
        Approval after = null;
        synchronized (this) {
            List<Waiter> list = waiters.get(id);
            if (list != null) {
                for (java.util.Iterator<Waiter> it = list.iterator(); it.hasNext(); ) {
                    Waiter w = it.next();
                    if (w.promise().future() == waiting) {
                        stopped = w;
                        it.remove();
                    }
                }
                if (list.isEmpty()) {
                    waiters.remove(id);
                }
            }
            before = approvals.get(id);
            if (stopped == null || before == null) {
                return; // woken already (decided, timed out, released): the call hears of that
            }
            if (before.status() == Approval.Status.PENDING && !deciding.contains(id) && !waiters.containsKey(id)) {
                after = before.decided(Approval.Status.WITHDRAWN, Approval.AGENT_ACTOR_PREFIX + agent, bounded(why), clock.instant());
                approvals.put(id, after);
                disarm(id);
            }
        }
        if (after == null) {
            stopped.complete(before);
            return;
        }
        Approval withdrawn = after;
        Waiter waiter = stopped;
        save().onComplete(done -> {
            if (done.succeeded()) {
                waiter.complete(withdrawn);
                return;
            }
            LOG.error("the withdrawal of approval {} could not be saved; it stays pending: {}", id, done.cause().toString());
            synchronized (this) {
                if (approvals.get(id) == withdrawn) {
                    approvals.put(id, before);
                    arm(before);
                }
            }
            waiter.complete(before);
        });
    }

    private static String bounded(String why) {
        String text = "cancelled by the agent" + (why == null || why.isBlank() ? "" : ": " + why);
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /**
     * An operator approves or denies a pending call. The decision is recorded (operator action), then
     * saved, then the waiting call hears of it. Refused: an unknown id ({@code unknown_approval}), a
     * call decided already or being decided ({@code already_decided}), an approval its agent withdrew
     * ({@code approval_withdrawn}).
     */
    public Future<Approval> decide(String id, boolean approve, String operator, String comment) {
        Approval before;
        synchronized (this) {
            before = approvals.get(id);
            if (before == null) {
                return Future.failedFuture(new Refused("unknown_approval", "no approval with id " + id));
            }
            if (before.status() == Approval.Status.WITHDRAWN) {
                return Future.failedFuture(new Refused("approval_withdrawn", "approval " + id + " was withdrawn at "
                        + before.decidedAt() + ": the agent cancelled the call that waited for it (" + before.comment()
                        + "), so there is nothing to " + (approve ? "approve" : "deny") + "; the agent must call again to ask anew"));
            }
            if (before.status() != Approval.Status.PENDING || deciding.contains(id)) {
                return Future.failedFuture(new Refused("already_decided", "approval " + id + " is no longer pending (it is "
                        + (deciding.contains(id) ? "being decided" : before.status().word()) + ")"));
            }
            deciding.add(id);
        }
        Approval after = before.decided(approve ? Approval.Status.APPROVED : Approval.Status.DENIED, operator, comment, clock.instant());
        JsonObject detail = new JsonObject().put("tool", before.tool()).put("agent", before.agent()).put("user", before.user())
                .put("binding", before.binding()).put("comment", comment);
        return audit.record(new OperatorAction(approve ? OperatorAction.Type.APPROVAL_GRANTED : OperatorAction.Type.APPROVAL_DENIED,
                        operator, id, detail))
                .compose(recorded -> {
                    synchronized (this) {
                        approvals.put(id, after);
                    }
                    return save();
                })
                .transform(done -> {
                    synchronized (this) {
                        deciding.remove(id);
                        if (done.failed()) {
                            if (approvals.get(id) == after) {
                                approvals.put(id, before);
                            }
                            if (!clock.instant().isBefore(before.expiresAt())) {
                                vertx.runOnContext(v -> timeOut(id));
                            }
                            return Future.failedFuture(new Refused("not_changed", "the decision could not be recorded or saved, so it "
                                    + "was not made: " + done.cause().getMessage()));
                        }
                        disarm(id);
                    }
                    wake(id, after);
                    return Future.succeededFuture(after);
                });
    }

    /**
     * Marks an approved call as used by {@code callId}; after that no call can use it again. Refused
     * when it is not approved (pending, denied, timed out, used) or its time to be used has passed.
     */
    public Future<Approval> use(String id, String callId) {
        Approval before;
        Approval after;
        synchronized (this) {
            before = approvals.get(id);
            if (before == null) {
                return Future.failedFuture(new Refused("unknown_approval", "no approval with id " + id));
            }
            if (before.status() == Approval.Status.USED) {
                return Future.failedFuture(new Refused("approval_used", "approval " + id + " was used already, by call " + before.usedBy()
                        + "; an approval runs one call once"));
            }
            if (before.status() != Approval.Status.APPROVED) {
                return Future.failedFuture(new Refused("not_approved", "approval " + id + " is " + before.status().word()));
            }
            Instant usableUntil = before.decidedAt().plus(settings.timeoutFor(before.tool()));
            if (clock.instant().isAfter(usableUntil)) {
                return Future.failedFuture(new Refused("approval_expired", "approval " + id + " was not used by " + usableUntil
                        + " and has expired"));
            }
            after = before.usedBy(callId);
            approvals.put(id, after);
        }
        return save().map(after).recover(e -> {
            synchronized (this) {
                if (approvals.get(id) == after) {
                    approvals.put(id, before);
                }
            }
            return Future.failedFuture(e);
        });
    }

    /** Fails every waiting call (the gateway stops); their approvals stay as they are, for a retry. */
    public void releaseWaiters(String why) {
        List<Waiter> all = new ArrayList<>();
        synchronized (this) {
            waiters.values().forEach(all::addAll);
            waiters.clear();
            timers.values().forEach(vertx::cancelTimer);
            timers.clear();
        }
        all.forEach(w -> w.fail(new Refused("released", why)));
    }

    /** Stops the desk's writer thread. */
    public void close() {
        releaseWaiters("the gateway stopped");
        writer.close();
    }

    private void arm(Approval approval) {
        long delay = Math.max(1, Duration.between(clock.instant(), approval.expiresAt()).toMillis());
        timers.put(approval.id(), vertx.setTimer(delay, t -> timeOut(approval.id())));
    }

    private void disarm(String id) {
        Long timer = timers.remove(id);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    private void timeOut(String id) {
        Approval before;
        Approval after;
        synchronized (this) {
            timers.remove(id);
            before = approvals.get(id);
            if (before == null || before.status() != Approval.Status.PENDING || deciding.contains(id)) {
                return;
            }
            after = before.decided(Approval.Status.TIMED_OUT, Approval.TIMEOUT_ACTOR, null, clock.instant());
            approvals.put(id, after);
        }
        save().onFailure(e -> LOG.error("the timeout of approval {} could not be saved; it is timed out in memory: {}", id, e.toString()));
        audit.record(new OperatorAction(OperatorAction.Type.APPROVAL_TIMED_OUT, Approval.TIMEOUT_ACTOR, id,
                        new JsonObject().put("tool", before.tool()).put("agent", before.agent()).put("expiresAt", before.expiresAt().toString())))
                .onFailure(e -> LOG.error("the timeout of approval {} could not be recorded: {}", id, e.toString()));
        wake(id, after);
    }

    private void wake(String id, Approval approval) {
        List<Waiter> woken;
        synchronized (this) {
            woken = waiters.remove(id);
        }
        if (woken != null) {
            woken.forEach(w -> w.complete(approval));
        }
    }

    /** Saves a snapshot (dropping approvals decided long ago) on the writer thread. */
    private Future<Void> save() {
        long v;
        List<Approval> snapshot;
        synchronized (this) {
            Instant forgetBefore = clock.instant().minus(KEEP_DECIDED);
            approvals.values().removeIf(a -> a.status() != Approval.Status.PENDING && a.status() != Approval.Status.APPROVED
                    && a.decidedAt() != null && a.decidedAt().isBefore(forgetBefore));
            v = ++version;
            snapshot = List.copyOf(approvals.values());
        }
        return writer.executeBlocking(() -> {
            store.save(v, snapshot);
            return null;
        }, false);
    }
}
