package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSE streams: resumption with Last-Event-ID on the right stream only, and tool-list changes on the standalone stream. */
class SseStreamsTest {
    TestStack stack;
    Vertx vertx;
    Gateway gateway;
    Path tools;
    HttpClient http;
    String token;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
        tools = dir.resolve("tools");
        Files.createDirectories(tools);
        try (Stream<Path> files = Files.list(stack.config.toolsDir())) {
            for (Path f : files.toList()) {
                Files.copy(f, tools.resolve(f.getFileName()));
            }
        }
        GatewayConfig base = stack.gatewayConfig(dir.resolve("a.jsonl"));
        GatewayConfig config = new GatewayConfig(base.http(), tools, base.policiesDir(), base.auditFile(), base.auth(), base.vault(),
                base.aws(), base.awsCallTimeout(), base.audit(), base.admin());
        gateway = Gateway.start(vertx, config, SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        http = vertx.createHttpClient();
        token = stack.token(vertx, "sse-agent", List.of("dev-agents"), 30);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.stop().await(10, TimeUnit.SECONDS);
        vertx.close();
    }

    /** Collects the SSE events of one response as they arrive: [id, data] pairs. */
    static final class Events {
        final List<String[]> received = new CopyOnWriteArrayList<>();
        private final StringBuilder pending = new StringBuilder();

        void feed(String chunk) {
            pending.append(chunk);
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
                String block = pending.substring(0, end);
                pending.delete(0, end + 2);
                String id = null;
                String data = null;
                for (String line : block.split("\n")) {
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    }
                }
                if (data != null) {
                    received.add(new String[] {id, data});
                }
            }
        }
    }

    private Future<HttpClientResponse> open(HttpMethod method, String session, String body, String lastEventId, Events events) {
        return open(http, method, session, body, lastEventId, events);
    }

    private Future<HttpClientResponse> open(HttpClient client, HttpMethod method, String session, String body, String lastEventId,
            Events events) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(gateway.port()).setURI("/mcp")
                .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "application/json, text/event-stream")
                .putHeader("Content-Type", "application/json").putHeader("Mcp-Session-Id", session);
        if (lastEventId != null) {
            options.putHeader("Last-Event-ID", lastEventId);
        }
        return client.request(options).compose(request -> (body == null ? request.send() : request.send(body)))
                .onSuccess(response -> response.handler(buffer -> events.feed(buffer.toString())));
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private String call(String id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{},"
                + "\"_meta\":{\"progressToken\":\"" + id + "\"}}}";
    }

    @Test
    void aReconnectWithLastEventIdGetsWhatItMissedOnThatStreamOnly() throws Exception {
        String session = new HttpMcp(gateway.port(), token).initialize("2025-11-25");
        Events a = new Events();
        HttpClient dropped = vertx.createHttpClient(); // its own connection, which the test then drops
        HttpClientResponse first = open(dropped, HttpMethod.POST, session, call("A"), null, a).await(10, TimeUnit.SECONDS);
        await(() -> !a.received.isEmpty(), "the first event of stream A");
        String firstId = a.received.get(0)[0];
        first.request().connection().close();
        Events b = new Events();
        open(HttpMethod.POST, session, call("B"), null, b).await(10, TimeUnit.SECONDS);
        await(() -> b.received.stream().anyMatch(e -> e[1].contains("\"result\"")), "stream B's result");

        Events resumed = new Events();
        open(HttpMethod.GET, session, null, firstId, resumed).await(10, TimeUnit.SECONDS);
        await(() -> resumed.received.stream().anyMatch(e -> e[1].contains("\"result\"")), "stream A's result after resuming");
        assertThat(resumed.received).allSatisfy(e -> {
            assertThat(Long.parseLong(e[0])).isGreaterThan(Long.parseLong(firstId));
            assertThat(e[1]).doesNotContain("\"progressToken\":\"B\"").doesNotContain("\"id\":\"B\"");
        });
        assertThat(resumed.received.get(resumed.received.size() - 1)[1]).contains("\"id\":\"A\"");
    }

    @Test
    void sessionsWhoseVisibleListChangedAreToldOnTheirStandaloneStream() throws Exception {
        String session = new HttpMcp(gateway.port(), token).initialize("2025-11-25");
        Events standalone = new Events();
        HttpClientResponse stream = open(HttpMethod.GET, session, null, null, standalone).await(10, TimeUnit.SECONDS);
        assertThat(stream.getHeader("Content-Type")).startsWith("text/event-stream");
        String stranger = stack.token(vertx, "stranger", List.of("no-such-group"), 30);
        HttpMcp strangerMcp = new HttpMcp(gateway.port(), stranger);
        String strangerSession = strangerMcp.initialize("2025-11-25");
        Events strangerEvents = new Events();
        String savedToken = token;
        token = stranger;
        open(HttpMethod.GET, strangerSession, null, null, strangerEvents).await(10, TimeUnit.SECONDS);
        token = savedToken;

        Files.writeString(tools.resolve("broken.json"), "{\"name\": ");
        Thread.sleep(2_500);
        assertThat(standalone.received).as("a bad file is refused and changes nothing").isEmpty();
        Files.delete(tools.resolve("broken.json"));

        JsonObject whoami = new JsonObject(Files.readString(tools.resolve("whoami.json")));
        Files.writeString(tools.resolve("whoami_too.json"), whoami.put("name", "whoami_too").put("vaultRole", "whoami-too").encode());
        await(() -> standalone.received.stream().anyMatch(e -> e[1].contains("notifications/tools/list_changed")), "list_changed");
        JsonObject list = new HttpMcp(gateway.port(), token).rpc(session, "tools/list", new JsonObject()).getJsonObject("result");
        assertThat(list.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name"))).contains("whoami_too");
        assertThat(strangerEvents.received).as("a session that sees no tool is not told").isEmpty();
    }
}
