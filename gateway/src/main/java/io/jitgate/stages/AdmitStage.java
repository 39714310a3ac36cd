package io.jitgate.stages;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.Stage;
import io.jitgate.resilience.Guards;
import io.vertx.core.Future;

/**
 * Admits a call only within the rate limits of its agent and of its tool, and only while its AWS
 * service's breaker is not open, before any credentials are asked for, so a flood or a broken
 * service costs Vault nothing. A refused call fails with {@code rate_limited} (the record names the
 * limiter) or {@code circuit_open}.
 */
public final class AdmitStage implements Stage {
    private final Guards guards;

    public AdmitStage(Guards guards) {
        this.guards = guards;
    }

    @Override
    public Phase phase() {
        return Phase.ADMIT;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        RateLimiter agent = guards.agentLimiter(call.principal().agentId());
        if (!agent.acquirePermission()) {
            return refused(call, agent, "agent", "this agent");
        }
        RateLimiter tool = guards.toolLimiter(call.tool().name());
        if (!tool.acquirePermission()) {
            return refused(call, tool, "tool", "tool " + call.tool().name());
        }
        CallContext admitted = call.withResilience(call.resilience().withRateLimit("passed"));
        if (call.tool().isLocal()) {
            return Future.succeededFuture(admitted);
        }
        Future<CallContext> refused = refusedIfOpen(admitted, call.tool().aws().service());
        if (refused == null && call.tool().aws().credentials().narrows() && !"sts".equals(call.tool().aws().service())) {
            refused = refusedIfOpen(admitted, "sts"); // the narrowing hop needs STS too
        }
        return refused != null ? refused : Future.succeededFuture(admitted);
    }

    /** A refusal when {@code service}'s breaker is open (AWS would refuse anyway: no Vault issuance for it); else null. */
    private Future<CallContext> refusedIfOpen(CallContext admitted, String service) {
        CircuitBreaker aws = guards.aws(service);
        CircuitBreaker.State state = aws.getState();
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            CallContext traced = admitted.withResilience(admitted.resilience().withAws(aws.getName() + ":" + Guards.stateWord(aws), null, 0));
            return Future.failedFuture(GatewayError.of(Reason.CIRCUIT_OPEN, "AWS " + service
                    + " is failing, so calls are refused for now (circuit open); try again later").at(traced));
        }
        return null;
    }

    private static Future<CallContext> refused(CallContext call, RateLimiter limiter, String kind, String who) {
        int limit = limiter.getRateLimiterConfig().getLimitForPeriod();
        String period = limiter.getRateLimiterConfig().getLimitRefreshPeriod().toString();
        CallContext traced = call.withResilience(call.resilience().withRateLimit(limiter.getName()));
        return Future.failedFuture(GatewayError.withAuditDetail(Reason.RATE_LIMITED,
                "Rate limit exceeded for " + who + " (" + limit + " calls per " + period + "); try again later",
                "rate limit " + kind + " " + limiter.getName() + " (" + limit + " per " + period + ") exceeded").at(traced));
    }
}
