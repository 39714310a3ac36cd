package io.jitgate.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.aws.AwsOperations;
import io.jitgate.fixtures.ConformanceFixtures;
import io.jitgate.metrics.GatewayMetrics;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.ClientChannel;
import io.jitgate.pipeline.ClientRequestFailed;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Intent;
import io.jitgate.pipeline.Reason;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.jitgate.tools.ToolLoader;
import io.jitgate.tools.local.LocalBinding;
import io.jitgate.tools.local.LocalTool;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A local tool runs its handler, talks through the call's client channel, and gets no credentials. */
class LocalToolRunnerTest {
    static final Path ROOT = Path.of(System.getProperty("jitgate.root", ".."));
    static Vertx vertx;
    static ToolCatalog catalog;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        catalog = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn(), ConformanceFixtures.tools())
                .load(ROOT.resolve("tools"), ROOT.resolve("clients/fixtures/tools"));
    }

    @AfterAll
    static void tearDown() {
        vertx.close();
    }

    /** Everything a tool sent to its client, in order. */
    static class Recorded implements ClientChannel {
        final List<String> sent = new ArrayList<>();

        public void log(String level, Object data) {
            sent.add("log " + level + " " + data);
        }

        public void progress(double progress, Double total, String message) {
            sent.add("progress " + (int) progress + "/" + total.intValue());
        }

        public void releaseConnection() {
            sent.add("release");
        }
    }

    /** A client that answers every request with {@code answer}, remembering what it was asked. */
    static final class Answering extends Recorded {
        final Future<JsonObject> answer;
        final List<JsonObject> asked = new ArrayList<>();

        Answering(Future<JsonObject> answer) {
            this.answer = answer;
        }

        @Override
        public Future<JsonObject> request(String method, JsonObject params, Duration timeout) {
            sent.add("request " + method);
            asked.add(params);
            return answer;
        }
    }

    static CallContext call(ToolDefinition tool) {
        return call(tool, new JsonObject());
    }

    static CallContext call(ToolDefinition tool, JsonObject arguments) {
        return CallContext.received("c-1", Instant.now(), "s-1", "127.0.0.1", new AgentPrincipal("a", null, List.of(), null, List.of()),
                tool.name(), arguments, Intent.fromMeta(null)).withTool(tool);
    }

    Future<CallContext> run(String tool, ClientChannel client) {
        return new LocalToolRunner(vertx, Duration.ofSeconds(5)).run(call(catalog.find(tool).orElseThrow()), client);
    }

    static Reason reason(Throwable failure) {
        return ((GatewayError) failure).reason();
    }

    @Test
    void aLocalToolsContentBlocksBecomeTheCallsResult() throws Exception {
        CallContext done = run("test_multiple_content_types", ClientChannel.NONE).await(5, TimeUnit.SECONDS);
        assertThat(done.awsResult().service()).isEqualTo("local");
        assertThat(done.awsResult().content().stream().map(b -> ((JsonObject) b).getString("type")))
                .containsExactly("text", "image", "resource");
        assertThat(done.credentials()).isNull();
    }

    @Test
    void anErrorResultIsToolErrorWithTheToolsMessage() {
        Throwable failure = run("test_error_handling", ClientChannel.NONE).transform(Future::succeededFuture)
                .await().cause();
        assertThat(reason(failure)).isEqualTo(Reason.TOOL_ERROR);
        assertThat(failure.getMessage()).isEqualTo("This tool intentionally returns an error for testing");
    }

    @Test
    void logAndProgressGoThroughTheClientChannelInOrder() throws Exception {
        Recorded logs = new Recorded();
        run("test_tool_with_logging", logs).await(5, TimeUnit.SECONDS);
        assertThat(logs.sent).containsExactly("log info Tool execution started", "log info Tool processing data",
                "log info Tool execution completed");
        Recorded progress = new Recorded();
        run("test_tool_with_progress", progress).await(5, TimeUnit.SECONDS);
        assertThat(progress.sent).containsExactly("progress 0/100", "progress 50/100", "progress 100/100");
        Recorded reconnect = new Recorded();
        run("test_reconnection", reconnect).await(5, TimeUnit.SECONDS);
        assertThat(reconnect.sent).containsExactly("release");
    }

    @Test
    void aHandlerThatThrowsOrNeverAnswersIsAnInternalError() {
        ToolDefinition base = catalog.find("test_simple_text").orElseThrow();
        LocalTool throwing = call -> {
            throw new IllegalStateException("boom");
        };
        LocalTool silent = call -> io.vertx.core.Promise.<io.jitgate.tools.local.LocalToolResult>promise().future();
        for (LocalTool handler : List.of(throwing, silent)) {
            ToolDefinition tool = new ToolDefinition(base.name(), base.title(), base.description(), base.inputSchema(), null,
                    base.annotations(), null, null, base.tier(), base.source(), base.inputValidator(), null, null, null,
                    new LocalBinding("x", handler));
            Throwable failure = new LocalToolRunner(vertx, Duration.ofMillis(100)).run(call(tool), ClientChannel.NONE)
                    .transform(Future::succeededFuture).await().cause();
            assertThat(reason(failure)).isEqualTo(Reason.INTERNAL_ERROR);
        }
    }

    @Test
    void theCredentialsStageIssuesNothingForALocalTool() throws Exception {
        CredentialsStage stage = new CredentialsStage((role, type, session) -> fail("no credentials may be issued for a local tool"),
                CredentialObserver.NONE, CircuitBreaker.ofDefaults("vault"), new GatewayMetrics());
        CallContext call = call(catalog.find("test_simple_text").orElseThrow());
        assertThat(stage.apply(call).await(5, TimeUnit.SECONDS)).isSameAs(call);
    }

    static String text(CallContext done) {
        return done.awsResult().content().getJsonObject(0).getString("text");
    }

    @Test
    void aToolAsksItsClientThroughTheChannelAndAnswersWithWhatTheClientSaid() throws Exception {
        Answering llm = new Answering(Future.succeededFuture(new JsonObject().put("role", "assistant")
                .put("content", new JsonObject().put("type", "text").put("text", "Paris")).put("model", "m")));
        CallContext sampled = new LocalToolRunner(vertx, Duration.ofSeconds(5))
                .run(call(catalog.find("test_sampling").orElseThrow(), new JsonObject().put("prompt", "Capital of France?")), llm)
                .await(5, TimeUnit.SECONDS);
        assertThat(text(sampled)).isEqualTo("LLM response: Paris");
        assertThat(llm.sent).containsExactly("request sampling/createMessage");
        assertThat(llm.asked.get(0).getInteger("maxTokens")).isEqualTo(100);
        assertThat(llm.asked.get(0).getJsonArray("messages").getJsonObject(0).getJsonObject("content").getString("text"))
                .isEqualTo("Capital of France?");

        Answering user = new Answering(Future.succeededFuture(new JsonObject().put("action", "accept")
                .put("content", new JsonObject().put("name", "Jane"))));
        CallContext elicited = run("test_elicitation_sep1034_defaults", user).await(5, TimeUnit.SECONDS);
        assertThat(text(elicited)).isEqualTo("Elicitation completed: action=accept, content={\"name\":\"Jane\"}");
        JsonObject fields = user.asked.get(0).getJsonObject("requestedSchema").getJsonObject("properties");
        assertThat(fields.getJsonObject("age").getValue("default")).isEqualTo(30);
        assertThat(fields.getJsonObject("score").getValue("default")).isEqualTo(95.5);
        assertThat(fields.getJsonObject("status").getJsonArray("enum").getList()).contains(fields.getJsonObject("status").getString("default"));

        Answering enums = new Answering(Future.succeededFuture(new JsonObject().put("action", "decline")));
        assertThat(text(run("test_elicitation_sep1330_enums", enums).await(5, TimeUnit.SECONDS)))
                .isEqualTo("Elicitation completed: action=decline, content=null");
        JsonObject shapes = enums.asked.get(0).getJsonObject("requestedSchema").getJsonObject("properties");
        assertThat(shapes.fieldNames()).containsExactlyInAnyOrder("untitledSingle", "titledSingle", "legacyEnum", "untitledMulti", "titledMulti");
        assertThat(shapes.getJsonObject("titledMulti").getJsonObject("items").getJsonArray("anyOf").getJsonObject(0).getString("const"))
                .isEqualTo("value1");
    }

    @Test
    void aClientRequestWithoutAnAnswerIsAToolErrorUnlessTheCallWasCancelled() {
        for (ClientRequestFailed.Kind kind : List.of(ClientRequestFailed.Kind.NOT_SUPPORTED, ClientRequestFailed.Kind.UNREACHABLE,
                ClientRequestFailed.Kind.CLIENT_ERROR, ClientRequestFailed.Kind.TIMED_OUT)) {
            Answering client = new Answering(Future.failedFuture(new ClientRequestFailed(kind, "because " + kind)));
            Throwable failure = run("test_elicitation_sep1330_enums", client).transform(Future::succeededFuture).await().cause();
            assertThat(reason(failure)).as(kind.name()).isEqualTo(Reason.TOOL_ERROR);
            assertThat(failure).hasMessage("because " + kind);
        }
        Answering cancelled = new Answering(Future.failedFuture(new ClientRequestFailed(ClientRequestFailed.Kind.CANCELLED, "stop")));
        Throwable failure = run("test_elicitation_sep1330_enums", cancelled).transform(Future::succeededFuture).await().cause();
        assertThat(reason(failure)).isEqualTo(Reason.CANCELLED);
    }

    @Test
    void theDefaultChannelReachesNoOneSoAnAskingToolFailsClearly() {
        Throwable failure = run("test_elicitation_sep1330_enums", ClientChannel.NONE).transform(Future::succeededFuture).await().cause();
        assertThat(reason(failure)).isEqualTo(Reason.TOOL_ERROR);
        assertThat(failure).hasMessageContaining("cannot be reached for elicitation/create");
    }
}
