package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.mcp.StdioTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends a large number of generated malformed, truncated, oversized, deeply nested, wrong-typed
 * and out-of-order messages over both transports. The gateway must answer every one without a 5xx,
 * hang or crash, go back to its memory baseline, and send none of them to Vault or AWS.
 * The count is {@code jitgate.fuzz.messages} (default 100,000 over HTTP and 20,000 over stdio).
 */
class ProtocolFuzzTest {
    static final int HTTP_MESSAGES = Integer.getInteger("jitgate.fuzz.messages", 100_000);
    static final int STDIO_MESSAGES = Math.max(1_000, HTTP_MESSAGES / 5);
    static final int CONCURRENCY = 32;

    @Test
    void hostileMessagesAreAnsweredWithoutHarm(@TempDir Path dir) throws Exception {
        TestStack stack = TestStack.get();
        Vertx vertx = Vertx.vertx();
        Gateway gateway = Gateway.start(vertx, stack.gatewayConfig(dir.resolve("a.jsonl")), SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        try {
            long credentialRequestsBefore = stack.openBaoCredentialRequests();
            long heapBefore = usedHeapAfterGc();
            String token = stack.token(vertx, "fuzz-agent", List.of("dev-agents"), 30);
            HttpMcp raw = new HttpMcp(gateway.port(), token);
            String session = raw.initialize("2025-11-25");
            String[] sessions = {session, null, "bogus-session", session + "x"};
            long seed = Long.getLong("jitgate.fuzz.seed", System.nanoTime());
            MalformedMessages messages = new MalformedMessages(seed);

            WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            AtomicInteger sent = new AtomicInteger();
            AtomicLong failures = new AtomicLong();
            long start = System.nanoTime();
            List<Future<Void>> workers = new ArrayList<>();
            for (int w = 0; w < CONCURRENCY; w++) {
                workers.add(worker(client, gateway.port(), token, sessions, messages, sent, statuses, failures));
            }
            Future.all(workers).await(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("fuzz (seed %d): %d HTTP messages in %.1f s, statuses %s%n", seed, sent.get(), seconds, statuses);

            assertThat(failures.get()).as("requests without an HTTP answer (seed " + seed + ")").isZero();
            assertThat(statuses.keySet()).as("HTTP statuses (seed " + seed + ")").allSatisfy(s -> assertThat(s).isLessThan(500));
            assertThat(raw.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode()).isEqualTo(200);

            int stdioAnswers = fuzzStdio(vertx, gateway, seed);
            System.out.printf("fuzz (seed %d): %d stdio lines, %d answers%n", seed, STDIO_MESSAGES, stdioAnswers);
            assertThat(stdioAnswers).isGreaterThan(STDIO_MESSAGES / 2);

            assertThat(stack.openBaoCredentialRequests()).as("credential requests OpenBao saw").isEqualTo(credentialRequestsBefore);
            long heapAfter = usedHeapAfterGc();
            System.out.printf("fuzz: used heap after GC %d MiB before, %d MiB after%n", heapBefore >> 20, heapAfter >> 20);
            assertThat(heapAfter).as("heap back to baseline (+64 MiB)").isLessThan(heapBefore + (64L << 20));
        } finally {
            gateway.stop().await(10, TimeUnit.SECONDS);
            vertx.close();
        }
    }

    private static Future<Void> worker(WebClient client, int port, String token, String[] sessions, MalformedMessages messages,
            AtomicInteger sent, Map<Integer, AtomicInteger> statuses, AtomicLong failures) {
        if (sent.getAndIncrement() >= HTTP_MESSAGES) {
            return Future.succeededFuture();
        }
        byte[] body;
        String session;
        synchronized (messages) {
            body = messages.next();
            session = sessions[Math.floorMod(body.length, sessions.length)];
        }
        var request = client.post(port, "127.0.0.1", "/mcp").timeout(30_000)
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json, text/event-stream");
        if (session != null) {
            request.putHeader("Mcp-Session-Id", session);
        }
        if (body.length % 7 == 0) {
            request.putHeader("MCP-Protocol-Version", "0000-00-00");
        }
        return request.sendBuffer(Buffer.buffer(body))
                .transform(ar -> {
                    if (ar.succeeded()) {
                        statuses.computeIfAbsent(ar.result().statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                    }
                    return worker(client, port, token, sessions, messages, sent, statuses, failures);
                });
    }

    private static int fuzzStdio(Vertx vertx, Gateway gateway, long seed) throws Exception {
        MalformedMessages messages = new MalformedMessages(seed + 1);
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.write(("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}\n").getBytes());
        for (int i = 0; i < STDIO_MESSAGES; i++) {
            byte[] line = messages.next();
            for (byte b : line) {
                input.write(b == '\n' ? ' ' : b);
            }
            input.write('\n');
        }
        AtomicInteger answers = new AtomicInteger();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                if (b == '\n') {
                    answers.incrementAndGet();
                }
            }
        };
        StdioTransport transport = new StdioTransport(gateway.methods(), gateway.sessions(),
                new AgentPrincipal("fuzz-stdio", "alice", List.of("dev-agents"), "dev", List.of()), vertx.getOrCreateContext(), counting);
        transport.serve(new ByteArrayInputStream(input.toByteArray())).await(5, TimeUnit.MINUTES);
        return answers.get();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
