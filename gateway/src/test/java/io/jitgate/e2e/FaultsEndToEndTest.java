package io.jitgate.e2e;

import static io.jitgate.e2e.McpAgent.callId;
import static io.jitgate.e2e.McpAgent.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.aws.AwsEndpoints;
import io.jitgate.config.GatewayConfig;
import io.jitgate.credentials.VaultSettings;
import io.jitgate.resilience.ResilienceSettings;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults against the real stack, injected by {@link FaultProxy}s on this worktree's 196xx ports: one
 * in front of OpenBao (the gateway's Vault address), one in front of moto (the gateway's AWS
 * endpoint; OpenBao itself still reaches moto directly). Stopping a proxy is how "OpenBao stopped" and
 * "moto stopped" are played here: a dev-mode OpenBao keeps everything in memory, so really stopping it
 * would lose the roles and it could not "come back". Every test is bounded in time and asserts
 * outcomes, not timings; recovery times are printed (see the report) and measured in loadtest/.
 */
class FaultsEndToEndTest {
    /** Picked free once per run (several checkouts may run the suite at once); each test rebinds the same ports. */
    static final int VAULT_PROXY_PORT = Integer.getInteger("jitgate.test.vaultProxyPort", FaultProxy.freePort());
    static final int AWS_PROXY_PORT = Integer.getInteger("jitgate.test.awsProxyPort", FaultProxy.freePort());
    /** Small windows, so a handful of calls opens a breaker and one second closes it again. */
    static final ResilienceSettings FAST = new ResilienceSettings(
            new ResilienceSettings.Breaker(50, 3, 4, Duration.ofSeconds(1), 1),
            new ResilienceSettings.Retry(3, Duration.ofMillis(50), 2.0, 0.5),
            new ResilienceSettings.Limit(1000, Duration.ofSeconds(1)), new ResilienceSettings.Limit(1000, Duration.ofSeconds(1)),
            64, Map.of());

    static TestStack stack;
    static Vertx vertx;
    @TempDir
    Path dir;
    FaultProxy vaultProxy;
    FaultProxy awsProxy;
    Gateway gateway;
    McpAgent agent;
    Path auditFile;

    @BeforeAll
    static void stack() throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() {
        vertx.close();
    }

    @BeforeEach
    void proxies() throws Exception {
        vaultProxy = new FaultProxy(VAULT_PROXY_PORT, stack.config.vault().address().getPort()).start();
        awsProxy = new FaultProxy(AWS_PROXY_PORT, stack.moto.getPort()).start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (gateway != null) {
            gateway.stop().await(10, TimeUnit.SECONDS);
        }
        vaultProxy.close();
        awsProxy.close();
    }

    private void startGateway(ResilienceSettings resilience, Duration vaultTimeout) throws Exception {
        auditFile = dir.resolve("attribution.jsonl");
        GatewayConfig base = stack.gatewayConfig(auditFile);
        VaultSettings v = base.vault();
        VaultSettings viaProxy = new VaultSettings(URI.create(vaultProxy.url()), v.appRolePath(), v.roleId(), v.secretIdFile(),
                v.secretIdEnv(), v.awsMount(), v.credentialTtl(), vaultTimeout);
        AwsEndpoints a = base.aws();
        GatewayConfig config = base.withVault(viaProxy).withResilience(resilience)
                .withAws(new AwsEndpoints(a.region(), Optional.of(URI.create(awsProxy.url())), a.s3PathStyle(), a.checksumsWhenRequired(),
                        a.accountId()));
        gateway = Gateway.start(vertx, config, SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        agent = new McpAgent(gateway.port(), stack.token(vertx, "fault-agent", List.of("dev-agents"), 10));
    }

    private JsonObject record(String callId) throws Exception {
        for (String line : Files.readAllLines(auditFile)) {
            JsonObject r = new JsonObject(line);
            if (callId.equals(r.getString("callId"))) {
                return r;
            }
        }
        throw new AssertionError("no record for " + callId);
    }

    private static String reason(McpSchema.CallToolResult result) {
        return result.isError() ? String.valueOf(result.meta().get("jitgate/reason")) : "ok";
    }

    /**
     * HTTP/1.1 with a bound on the wait: a JDK client's h2c upgrade once left a {@code /metrics} request
     * of this test waiting forever for an answer the gateway had given.
     */
    private static final HttpClient PLAIN = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build();
    }

    private JsonObject health() throws Exception {
        HttpResponse<String> r = PLAIN.send(get("http://127.0.0.1:" + gateway.port() + "/healthz"), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body()).put("httpStatus", r.statusCode());
    }

    private String metrics() throws Exception {
        return PLAIN.send(get("http://127.0.0.1:" + gateway.port() + "/metrics"), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Calls {@code tool} until it succeeds (at most {@code seconds}); returns ms until then, or -1. */
    private long untilServed(String tool, Map<String, Object> args, int seconds) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (!agent.call(tool, args).isError()) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
            Thread.sleep(100);
        }
        return -1;
    }

    @Test
    void openBaoGoneMidLoadFailsClosedOpensTheCircuitAndRecoversWithoutARestart() throws Exception {
        // The breaker stays open 3 s here, long enough to look at it before it lets a probe through.
        startGateway(new ResilienceSettings(new ResilienceSettings.Breaker(50, 3, 4, Duration.ofSeconds(3), 1),
                FAST.retry(), FAST.perAgent(), FAST.perTool(), 64, Map.of()), Duration.ofSeconds(2));
        assertThat(agent.call("whoami", Map.of()).isError()).isFalse();
        assertThat(health().getJsonObject("vault").getString("status")).isEqualTo("ok");

        // Background load from three other agents' threads for the whole test: before, during and after the outage.
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<CompletableFuture<Integer>> load = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            McpAgent loader = new McpAgent(gateway.port(), stack.token(vertx, "load-agent-" + t, List.of("dev-agents"), 10));
            load.add(CompletableFuture.supplyAsync(() -> {
                int calls = 0;
                try {
                    while (loading.get()) {
                        loader.call("dynamodb_get_customer", Map.of("customerId", "cust-001"));
                        calls++;
                    }
                } finally {
                    loader.closeNow();
                }
                return calls;
            }));
        }
        Thread.sleep(300);
        vaultProxy.stop();
        Thread.sleep(300);
        long awsBytes = awsProxy.bytesToTarget();
        List<String> reasons = new ArrayList<>();
        List<String> callIds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            McpSchema.CallToolResult r = agent.call("s3_read_object", Map.of("bucket", "jitgate-demo", "key", "readme.txt"));
            reasons.add(reason(r));
            callIds.add(callId(r));
        }
        // Failures, and once the breaker has opened (the background load may have opened it already) immediate refusals.
        assertThat(reasons).isSubsetOf("credentials_unavailable", "circuit_open").contains("circuit_open");
        assertThat(awsProxy.bytesToTarget()).as("bytes sent to AWS while Vault was gone").isEqualTo(awsBytes);
        for (String id : callIds) {
            JsonObject record = record(id);
            assertThat(record.getJsonObject("credentials")).isNull();
            assertThat(record.getJsonObject("aws").getString("requestId")).isNull();
            assertThat(record.getJsonObject("resilience").getString("vaultCircuit")).isIn("closed", "open", "half_open");
        }
        JsonObject down = health();
        assertThat(down.getInteger("httpStatus")).isEqualTo(503);
        assertThat(down.getJsonObject("vault").getString("status")).isEqualTo("unreachable");
        assertThat(down.getJsonObject("circuits").getString("vault")).isEqualTo("open");
        assertThat(metrics()).contains("reason=\"circuit_open\"")
                .containsPattern("resilience4j_circuitbreaker_state\\{name=\"vault\",state=\"open\"\\} 1(\\.0)?\n");

        vaultProxy.start();
        long recoveryMs = untilServed("whoami", Map.of(), 30);
        System.out.println("[faults] OpenBao back: first call served after " + recoveryMs + " ms (breaker waitInOpen 3 s)");
        assertThat(recoveryMs).as("served again without a restart").isNotNegative();
        assertThat(VaultIdentityEndToEndTest.eventually(10, () -> {
            try {
                return health().getInteger("httpStatus") == 200;
            } catch (Exception e) {
                return false;
            }
        })).isTrue();
        assertThat(health().getJsonObject("circuits").getString("vault")).isEqualTo("closed");
        loading.set(false);
        int loadCalls = 0;
        for (CompletableFuture<Integer> f : load) {
            loadCalls += f.get(30, TimeUnit.SECONDS);
        }
        // Every call of the load either ran with fresh credentials and reached AWS, or failed closed.
        int served = 0;
        int refused = 0;
        java.util.Set<String> refusals = new java.util.HashSet<>(reasons);
        for (String line : Files.readAllLines(auditFile)) {
            JsonObject r = new JsonObject(line);
            if (!"dynamodb_get_customer".equals(r.getString("tool"))) {
                continue;
            }
            if ("served".equals(r.getString("outcome"))) {
                served++;
                assertThat(r.getJsonObject("credentials").getString("accessKeyId")).isNotBlank();
                assertThat(r.getJsonObject("aws").getString("requestId")).isNotBlank();
            } else {
                refused++;
                refusals.add(r.getString("reason"));
                assertThat(r.getString("reason")).isIn("credentials_unavailable", "circuit_open");
                assertThat(r.getJsonObject("credentials")).isNull();
                assertThat(r.getJsonObject("aws").getString("requestId")).isNull();
            }
        }
        System.out.println("[faults] OpenBao outage under load: " + loadCalls + " background calls, " + served + " served, "
                + refused + " failed closed");
        assertThat(served + refused).isEqualTo(loadCalls);
        assertThat(served).isPositive();
        assertThat(refused).isPositive();
        assertThat(refusals).as("first the failures themselves, then the breaker refuses at once")
                .containsExactlyInAnyOrder("credentials_unavailable", "circuit_open");
    }

    @Test
    void aSlowOpenBaoFailsTheCallFastAndNothingReachesAws() throws Exception {
        startGateway(FAST, Duration.ofSeconds(1));
        assertThat(agent.call("whoami", Map.of()).isError()).isFalse();
        long awsBytes = awsProxy.bytesToTarget();
        vaultProxy.delay(Duration.ofSeconds(3));
        long start = System.nanoTime();
        McpSchema.CallToolResult slow = agent.call("whoami", Map.of());
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("[faults] OpenBao delayed 3 s, Vault timeout 1 s: the call failed after " + tookMs + " ms");
        assertThat(reason(slow)).isEqualTo("credentials_unavailable");
        assertThat(record(callId(slow)).getJsonObject("credentials")).isNull();
        assertThat(awsProxy.bytesToTarget()).isEqualTo(awsBytes);
        vaultProxy.forward();
        assertThat(untilServed("whoami", Map.of(), 30)).isNotNegative();
    }

    @Test
    void motoGoneOpensTheAwsCircuitAndItClosesWhenMotoIsBack() throws Exception {
        // Open for 3 s: long enough to look at the open breaker before it lets a probe through.
        startGateway(new ResilienceSettings(new ResilienceSettings.Breaker(50, 3, 4, Duration.ofSeconds(3), 1),
                FAST.retry(), FAST.perAgent(), FAST.perTool(), 64, Map.of()), Duration.ofSeconds(2));
        assertThat(agent.call("whoami", Map.of()).isError()).isFalse();
        awsProxy.stop();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            reasons.add(reason(agent.call("whoami", Map.of())));
        }
        assertThat(reasons).containsOnly("aws_error", "circuit_open").contains("aws_error", "circuit_open");
        assertThat(health().getJsonObject("circuits").getString("aws_sts")).isEqualTo("open");
        // While the breaker is open a call is refused before it costs a Vault issuance.
        long issued = stack.openBaoCredentialRequests();
        McpSchema.CallToolResult refused = agent.call("whoami", Map.of());
        assertThat(reason(refused)).isEqualTo("circuit_open");
        assertThat(record(callId(refused)).getJsonObject("credentials")).isNull();
        assertThat(stack.openBaoCredentialRequests()).as("credential requests to OpenBao while AWS's breaker is open").isEqualTo(issued);
        // Only the broken service's breaker opened: DynamoDB's is untouched (it is created closed on first use).
        assertThat(health().getJsonObject("circuits").getString("aws_dynamodb")).isNull();

        awsProxy.start();
        long recoveryMs = untilServed("whoami", Map.of(), 30);
        System.out.println("[faults] moto back: first call served after " + recoveryMs + " ms (breaker waitInOpen 3 s)");
        assertThat(recoveryMs).isNotNegative();
        assertThat(health().getJsonObject("circuits").getString("aws_sts")).isEqualTo("closed");
    }

    @Test
    void throttlingIsRetriedWithBackoffForIdempotentToolsOnly() throws Exception {
        ResilienceSettings noBreaker = new ResilienceSettings(new ResilienceSettings.Breaker(100, 50, 50, Duration.ofSeconds(1), 1),
                FAST.retry(), FAST.perAgent(), FAST.perTool(), 64, Map.of());
        startGateway(noBreaker, Duration.ofSeconds(2));
        // S3's throttling answer: 503 SlowDown. (s3_list_objects, not s3_read_object: the latter's per-call
        // narrowing would meet the canned answer at its STS AssumeRole first.)
        awsProxy.answer(503, "Slow Down", "application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>");
        McpSchema.CallToolResult read = agent.call("s3_list_objects", Map.of("bucket", "jitgate-demo"));
        assertThat(reason(read)).isEqualTo("aws_throttled");
        assertThat(text(read)).contains("SlowDown");
        assertThat(record(callId(read)).getJsonObject("resilience").getInteger("awsAttempts")).isEqualTo(3);

        // DynamoDB's: 400 ThrottlingException.
        awsProxy.answer(400, "Bad Request", "application/x-amz-json-1.0",
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"Rate of requests exceeds the allowed throughput.\"}");
        McpSchema.CallToolResult get = agent.call("dynamodb_get_customer", Map.of("customerId", "cust-001"));
        assertThat(reason(get)).isEqualTo("aws_throttled");
        assertThat(record(callId(get)).getJsonObject("resilience").getInteger("awsAttempts")).isEqualTo(3);

        // A tool that is not idempotent is never retried, even on a 5xx.
        long answered = awsProxy.cannedAnswers();
        awsProxy.answer(503, "Service Unavailable", "application/x-amz-json-1.0", "{\"__type\":\"ServiceUnavailable\",\"message\":\"down\"}");
        McpSchema.CallToolResult send = agent.callWithIntent("sqs_send_message", Map.of("body", "x"), "notify", "TASK-3", "tell ops");
        assertThat(reason(send)).isIn("aws_error", "aws_throttled");
        assertThat(record(callId(send)).getJsonObject("resilience").getInteger("awsAttempts")).isEqualTo(1);
        assertThat(awsProxy.cannedAnswers()).as("requests the throttling proxy answered").isEqualTo(answered + 1);

        awsProxy.forward();
        assertThat(agent.call("s3_list_objects", Map.of("bucket", "jitgate-demo")).isError()).isFalse();
        assertThat(metrics()).containsPattern(
                "jitgate_aws_call_seconds_count\\{operation=\"ListObjectsV2\",outcome=\"SlowDown\",service=\"s3\"\\} 3(\\.0)?\n");
    }

    @Test
    void rateLimitsPerAgentAndBulkheadsPerToolRefuseWithTheirOwnReason() throws Exception {
        ResilienceSettings tight = new ResilienceSettings(FAST.circuitBreaker(), FAST.retry(),
                new ResilienceSettings.Limit(3, Duration.ofMinutes(10)), FAST.perTool(), 64,
                Map.of("whoami", new ResilienceSettings.ToolOverride(null, 1, null),
                        "dynamodb_query_orders", new ResilienceSettings.ToolOverride(null, null,
                                new ResilienceSettings.Limit(1, Duration.ofMinutes(10)))));
        startGateway(tight, Duration.ofSeconds(2));
        long vaultBefore = stack.openBaoCredentialRequests();
        // Bulkhead: two concurrent whoami calls against a slow AWS, one allowed in flight.
        awsProxy.delay(Duration.ofSeconds(4));
        long accepted = awsProxy.accepted();
        CompletableFuture<McpSchema.CallToolResult> first = CompletableFuture.supplyAsync(() -> agent.call("whoami", Map.of()));
        // The first call is in flight once its AWS connection reached the (delaying) proxy.
        assertThat(VaultIdentityEndToEndTest.eventually(20, () -> awsProxy.accepted() > accepted)).isTrue();
        McpSchema.CallToolResult second = agent.call("whoami", Map.of());
        McpSchema.CallToolResult firstResult = first.get(30, TimeUnit.SECONDS);
        awsProxy.forward();
        assertThat(List.of(reason(firstResult), reason(second))).containsExactlyInAnyOrder("ok", "bulkhead_full");
        McpSchema.CallToolResult full = reason(second).equals("bulkhead_full") ? second : firstResult;
        assertThat(record(callId(full)).getJsonObject("resilience").getString("bulkhead")).isEqualTo("full");

        // Rate limit: 3 calls per 10 minutes for this agent; the two above used two.
        assertThat(agent.call("dynamodb_get_customer", Map.of("customerId", "cust-001")).isError()).isFalse();
        long vaultAfterAllowed = stack.openBaoCredentialRequests();
        McpSchema.CallToolResult limited = agent.call("dynamodb_get_customer", Map.of("customerId", "cust-001"));
        assertThat(reason(limited)).isEqualTo("rate_limited");
        assertThat(text(limited)).contains("Rate limit exceeded for this agent");
        JsonObject record = record(callId(limited));
        assertThat(record.getJsonObject("resilience").getString("rateLimit")).isEqualTo("agent:fault-agent");
        assertThat(record.getJsonObject("credentials")).isNull();
        assertThat(stack.openBaoCredentialRequests()).as("a refused call asks OpenBao for nothing").isEqualTo(vaultAfterAllowed);
        assertThat(vaultAfterAllowed - vaultBefore).isEqualTo(3);
        // Per tool: one dynamodb_query_orders call per 10 minutes, whichever agent asks.
        try (McpAgent other = new McpAgent(gateway.port(), stack.token(vertx, "other-agent", List.of("dev-agents"), 10))) {
            assertThat(other.call("dynamodb_query_orders", Map.of("customerId", "cust-001")).isError()).isFalse();
            McpSchema.CallToolResult toolLimited = other.call("dynamodb_query_orders", Map.of("customerId", "cust-002"));
            assertThat(reason(toolLimited)).isEqualTo("rate_limited");
            assertThat(text(toolLimited)).contains("Rate limit exceeded for tool dynamodb_query_orders");
            assertThat(record(callId(toolLimited)).getJsonObject("resilience").getString("rateLimit")).isEqualTo("tool:dynamodb_query_orders");
        }
        assertThat(metrics()).contains("reason=\"rate_limited\"").contains("reason=\"bulkhead_full\"");
    }

    /**
     * Clock skew between the gateway and AWS. moto does not check signing times, so the endpoint's
     * answer to a skewed clock is played by the proxy: S3's 403 RequestTimeTooSkewed. The call fails
     * with its own reason word, an idempotent tool retries (the SDK corrects its clock offset from the
     * answer's Date header), and the refusal does not count against the S3 breaker (it is an answer,
     * not an outage). The gateway's own Vault token does not depend on the clock: it is renewed after
     * a share of the lease duration Vault states, measured on the gateway's monotonic timer.
     */
    @Test
    void clockSkewFailsWithItsOwnReasonAndDoesNotOpenTheCircuit() throws Exception {
        startGateway(FAST, Duration.ofSeconds(2));
        awsProxy.answer(403, "Forbidden", "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>"
                + "<Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large."
                + "</Message><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds></Error>");
        List<String> reasons = new ArrayList<>();
        McpSchema.CallToolResult last = null;
        for (int i = 0; i < 4; i++) {
            last = agent.call("s3_list_objects", Map.of("bucket", "jitgate-demo"));
            reasons.add(reason(last));
        }
        assertThat(reasons).containsOnly("aws_clock_skew");
        assertThat(text(last)).contains("RequestTimeTooSkewed");
        assertThat(record(callId(last)).getJsonObject("resilience").getInteger("awsAttempts")).isEqualTo(3);
        assertThat(health().getJsonObject("circuits").getString("aws_s3")).isEqualTo("closed");
        awsProxy.forward();
        assertThat(agent.call("s3_list_objects", Map.of("bucket", "jitgate-demo")).isError()).isFalse();
    }

    /** Calls {@code tool} until its reason is {@code circuit_open} (at most {@code max} calls); returns the reasons seen. */
    private List<String> untilCircuitOpen(String tool, Map<String, Object> args, int max) {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < max && !reasons.contains("circuit_open"); i++) {
            reasons.add(reason(agent.call(tool, args)));
        }
        return reasons;
    }

    @Test
    void aSlowOpenBaoOpensTheVaultCircuitHealthShowsItAndItClosesWhenOpenBaoIsFastAgain() throws Exception {
        startGateway(new ResilienceSettings(new ResilienceSettings.Breaker(50, 3, 4, Duration.ofSeconds(3), 1),
                FAST.retry(), FAST.perAgent(), FAST.perTool(), 64, Map.of()), Duration.ofSeconds(1));
        assertThat(agent.call("whoami", Map.of()).isError()).isFalse();
        long awsBytes = awsProxy.bytesToTarget();
        vaultProxy.delay(Duration.ofSeconds(3));
        List<String> reasons = untilCircuitOpen("whoami", Map.of(), 8);
        assertThat(reasons).containsOnly("credentials_unavailable", "circuit_open").endsWith("circuit_open");
        assertThat(health().getJsonObject("circuits").getString("vault")).isEqualTo("open");
        assertThat(awsProxy.bytesToTarget()).as("bytes sent to AWS while Vault was slow").isEqualTo(awsBytes);
        vaultProxy.forward();
        long recoveryMs = untilServed("whoami", Map.of(), 30);
        System.out.println("[faults] OpenBao fast again: first call served after " + recoveryMs + " ms (breaker waitInOpen 3 s)");
        assertThat(recoveryMs).isNotNegative();
        assertThat(health().getJsonObject("circuits").getString("vault")).isEqualTo("closed");
    }

    @Test
    void sustainedThrottlingOpensTheAwsCircuitHealthShowsItAndItClosesWhenThrottlingStops() throws Exception {
        startGateway(new ResilienceSettings(new ResilienceSettings.Breaker(50, 3, 4, Duration.ofSeconds(3), 1),
                new ResilienceSettings.Retry(1, Duration.ofMillis(50), 2.0, 0.5), FAST.perAgent(), FAST.perTool(), 64, Map.of()),
                Duration.ofSeconds(2));
        Map<String, Object> list = Map.of("bucket", "jitgate-demo");
        assertThat(agent.call("s3_list_objects", list).isError()).isFalse();
        awsProxy.answer(503, "Slow Down", "application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>");
        List<String> reasons = untilCircuitOpen("s3_list_objects", list, 8);
        assertThat(reasons).containsOnly("aws_throttled", "circuit_open").endsWith("circuit_open");
        assertThat(health().getJsonObject("circuits").getString("aws_s3")).isEqualTo("open");
        // While it is open, nothing reaches AWS and no credentials are issued.
        long answered = awsProxy.cannedAnswers();
        long issued = stack.openBaoCredentialRequests();
        assertThat(reason(agent.call("s3_list_objects", list))).isEqualTo("circuit_open");
        assertThat(awsProxy.cannedAnswers()).isEqualTo(answered);
        assertThat(stack.openBaoCredentialRequests()).isEqualTo(issued);
        awsProxy.forward();
        long recoveryMs = untilServed("s3_list_objects", list, 30);
        System.out.println("[faults] throttling over: first call served after " + recoveryMs + " ms (breaker waitInOpen 3 s)");
        assertThat(recoveryMs).isNotNegative();
        assertThat(health().getJsonObject("circuits").getString("aws_s3")).isEqualTo("closed");
    }

    @Test
    void aFailingStsOpensItsCircuitForTheNarrowingHopAndNarrowingToolsCostNoVaultIssuanceWhileItIsOpen() throws Exception {
        startGateway(new ResilienceSettings(new ResilienceSettings.Breaker(50, 3, 4, Duration.ofSeconds(3), 1),
                FAST.retry(), FAST.perAgent(), FAST.perTool(), 64, Map.of()), Duration.ofSeconds(2));
        Map<String, Object> read = Map.of("bucket", "jitgate-demo", "key", "readme.txt");
        assertThat(agent.call("s3_read_object", read).isError()).isFalse();
        // Every AWS request now gets a 503: the first to meet it is s3_read_object's second AssumeRole.
        awsProxy.answer(503, "Service Unavailable", "text/xml", "<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code>"
                + "<Message>down</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>");
        List<String> reasons = untilCircuitOpen("s3_read_object", read, 8);
        assertThat(reasons).containsOnly("credentials_unavailable", "circuit_open").endsWith("circuit_open");
        assertThat(health().getJsonObject("circuits").getString("aws_sts")).isEqualTo("open");
        // A call whose narrowing hop failed still names the key Vault issued for it (it made the AssumeRole CloudTrail shows).
        List<JsonObject> unnarrowed = new ArrayList<>();
        for (String line : Files.readAllLines(auditFile)) {
            JsonObject r = new JsonObject(line);
            if ("credentials_unavailable".equals(r.getString("reason")) && "s3_read_object".equals(r.getString("tool"))) {
                unnarrowed.add(r);
            }
        }
        assertThat(unnarrowed).hasSize((int) reasons.stream().filter("credentials_unavailable"::equals).count());
        for (JsonObject r : unnarrowed) {
            JsonObject credentials = r.getJsonObject("credentials");
            assertThat(credentials).as("credentials of call %s, whose narrowing failed", r.getString("callId")).isNotNull();
            assertThat(credentials.getString("accessKeyId")).isNotBlank();
            assertThat(credentials.getString("roleSessionName")).contains(r.getString("callId"));
            assertThat(credentials.getString("sessionPolicy")).isNull();
        }
        // Open: the call is refused at admit, before Vault, and nothing is sent to AWS.
        long issued = stack.openBaoCredentialRequests();
        long answered = awsProxy.cannedAnswers();
        McpSchema.CallToolResult refused = agent.call("s3_read_object", read);
        assertThat(reason(refused)).isEqualTo("circuit_open");
        assertThat(record(callId(refused)).getValue("credentials")).isNull();
        assertThat(stack.openBaoCredentialRequests()).isEqualTo(issued);
        assertThat(awsProxy.cannedAnswers()).isEqualTo(answered);
        awsProxy.forward();
        long recoveryMs = untilServed("s3_read_object", read, 30);
        System.out.println("[faults] STS back (narrowing hop): first call served after " + recoveryMs + " ms (breaker waitInOpen 3 s)");
        assertThat(recoveryMs).isNotNegative();
        assertThat(health().getJsonObject("circuits").getString("aws_sts")).isEqualTo("closed");
    }
}
