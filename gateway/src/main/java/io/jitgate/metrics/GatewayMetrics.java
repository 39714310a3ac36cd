package io.jitgate.metrics;

import io.jitgate.pipeline.AuditRecords;
import io.jitgate.pipeline.CallOutcome;
import io.jitgate.pipeline.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's metrics, served in Prometheus format at {@code /metrics}. Tags carry only tool names,
 * services, operations, outcome and reason words, never arguments, agents' tokens or credentials.
 *
 * <ul>
 *   <li>{@code jitgate_calls_total{tool,outcome,reason}}</li>
 *   <li>{@code jitgate_stage_seconds{stage}} (one timer per stage)</li>
 *   <li>{@code jitgate_vault_issue_seconds{vault_role,outcome}}</li>
 *   <li>{@code jitgate_aws_call_seconds{service,operation,outcome}} (one sample per attempt)</li>
 *   <li>{@code jitgate_policy_reloads_total{result}} (accepted, refused): reloads of the tool and policy folders</li>
 *   <li>Resilience4j's own: {@code resilience4j_circuitbreaker_state{name,state}}, retries, rate limiters, bulkheads</li>
 * </ul>
 */
public final class GatewayMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Meters are looked up here first: building a meter id and registering it costs more than the sample. */
    private final Map<CallKey, Counter> calls = new ConcurrentHashMap<>();
    private final Map<Phase, Timer> stages = new ConcurrentHashMap<>();

    private record CallKey(String tool, String outcome, String reason) {
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts a finished call and records its stage timings. */
    public void callFinished(CallOutcome outcome) {
        String tool = outcome.call().tool() == null ? "unknown" : outcome.call().tool().name();
        CallKey key = new CallKey(tool, AuditRecords.outcomeWord(outcome.reason()), outcome.reason().word());
        calls.computeIfAbsent(key, k -> Counter.builder("jitgate.calls")
                .description("tools/call requests by tool, outcome and reason word")
                .tag("tool", k.tool()).tag("outcome", k.outcome()).tag("reason", k.reason())
                .register(registry)).increment();
        for (Map.Entry<Phase, Long> stage : outcome.stageNanos().entrySet()) {
            stages.computeIfAbsent(stage.getKey(), phase -> Timer.builder("jitgate.stage")
                    .description("time spent in each stage of a tools/call")
                    .tag("stage", phase.word())
                    .register(registry)).record(stage.getValue(), TimeUnit.NANOSECONDS);
        }
    }

    /** One Vault issuance ({@code outcome}: ok, error, circuit_open). */
    public void vaultIssue(String vaultRole, String outcome, long nanos) {
        Timer.builder("jitgate.vault.issue").description("latency of obtaining a call's credentials from Vault")
                .tag("vault_role", vaultRole).tag("outcome", outcome)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One AWS attempt ({@code outcome}: ok, or the AWS error code, or a reason word). */
    public void awsCall(String service, String operation, String outcome, long nanos) {
        Timer.builder("jitgate.aws.call").description("latency of each AWS attempt by service and operation")
                .tag("service", service).tag("operation", operation).tag("outcome", outcome)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One reload of the tool and policy folders ({@code result}: accepted or refused). */
    public void policyReload(String result) {
        Counter.builder("jitgate.policy.reloads").description("reloads of the tool and policy folders by result (accepted, refused)")
                .tag("result", result).register(registry).increment();
    }

    /** The text of {@code /metrics}. */
    public String scrape() {
        return registry.scrape();
    }
}
