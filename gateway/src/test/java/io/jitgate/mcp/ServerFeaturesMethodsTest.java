package io.jitgate.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.audit.AuditSink;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.Pipeline;
import io.jitgate.policy.PolicyDecision;
import io.jitgate.prompts.PromptLoader;
import io.jitgate.resources.ResourceLoader;
import io.jitgate.tools.ToolCatalog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** resources/*, prompts/* and completion/complete over the fixture catalogues, with the spec's error codes and records. */
class ServerFeaturesMethodsTest {
    static final Path FIXTURES = Path.of(System.getProperty("jitgate.root", "..")).resolve("clients/fixtures");
    final List<JsonObject> records = new ArrayList<>();
    boolean auditFails;

    final AuditSink audit = new AuditSink() {
        public Future<Void> append(JsonObject record) {
            if (auditFails) {
                return Future.failedFuture("disk full");
            }
            records.add(record);
            return Future.succeededFuture();
        }

        public boolean healthy() {
            return !auditFails;
        }

        public void close() {
        }
    };

    final SessionState session = new SessionRegistry(new SessionIds(SessionIds.randomKey()), Duration.ofHours(1), Clock.systemUTC())
            .open("agent-1", "2025-11-25");
    final McpMethods.Caller caller = new McpMethods.Caller(new AgentPrincipal("agent-1", "alice", List.of("dev-agents"), "t", List.of()),
            session, Notifier.NONE, Map.of(), Instant.now(), "127.0.0.1");

    McpMethods methods(ServerFeatures features) {
        return new McpMethods(new ToolLister(() -> new ToolCatalog(List.of()), () -> request -> new PolicyDecision(true, List.of(), List.of()), 10),
                new Pipeline(List.of(), audit), 1 << 20, features, audit);
    }

    McpMethods fixtures() {
        return methods(new ServerFeatures(ResourceLoader.load(FIXTURES.resolve("resources")), PromptLoader.load(FIXTURES.resolve("prompts"))));
    }

    JsonObject ask(McpMethods methods, String method, String params) throws Exception {
        return methods.request(McpMessage.parse(new JsonObject("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":"
                + params + "}")), caller).await(5, TimeUnit.SECONDS);
    }

    /** The record as the log would hold it (sealed into the hash chain) matches docs/audit-record.schema.json. */
    static void matchesTheSchema(JsonObject record) throws Exception {
        JsonObject sealed = new JsonObject(io.jitgate.audit.HashChain.seal(record.encode(), io.jitgate.audit.HashChain.GENESIS));
        assertThat(io.jitgate.audit.RecordSchema.load().problem(sealed)).isEmpty();
    }

    static int code(JsonObject response) {
        return response.getJsonObject("error").getInteger("code");
    }

    @Test
    void initializeOffersResourcesWithSubscribePromptsAndCompletionsOnlyWhenConfigured() {
        JsonObject offered = fixtures().initialize("2025-11-25").getJsonObject("capabilities");
        assertThat(offered.getJsonObject("resources")).isEqualTo(new JsonObject().put("subscribe", true).put("listChanged", false));
        assertThat(offered.containsKey("prompts")).isTrue();
        assertThat(offered.containsKey("completions")).isTrue();
        JsonObject toolsOnly = methods(ServerFeatures.NONE).initialize("2025-11-25").getJsonObject("capabilities");
        assertThat(toolsOnly.fieldNames()).containsExactlyInAnyOrder("tools", "logging");
    }

    @Test
    void withoutFeaturesTheirMethodsAreNotFound() throws Exception {
        McpMethods none = methods(ServerFeatures.NONE);
        for (String method : List.of("resources/list", "resources/read", "prompts/list", "prompts/get", "completion/complete")) {
            assertThat(code(ask(none, method, "{}"))).as(method).isEqualTo(JsonRpc.METHOD_NOT_FOUND);
        }
    }

    @Test
    void resourcesListAndReadAreServedAndEachReadIsRecorded() throws Exception {
        McpMethods methods = fixtures();
        assertThat(ask(methods, "resources/list", "{}").getJsonObject("result").getJsonArray("resources")).hasSize(3);
        assertThat(ask(methods, "resources/templates/list", "{}").getJsonObject("result").getJsonArray("resourceTemplates")
                .getJsonObject(0).getString("uriTemplate")).isEqualTo("test://template/{id}/data");
        JsonObject read = ask(methods, "resources/read", "{\"uri\":\"test://static-text\"}");
        assertThat(read.getJsonObject("result").getJsonArray("contents").getJsonObject(0).getString("text"))
                .isEqualTo("This is the content of the static text resource.");
        assertThat(records).hasSize(1);
        JsonObject record = records.get(0);
        assertThat(record.getString("kind")).isEqualTo("content_read");
        assertThat(record.getString("method")).isEqualTo("resources/read");
        assertThat(record.getString("target")).isEqualTo("test://static-text");
        assertThat(record.getString("agent")).isEqualTo("agent-1");
        assertThat(record.getString("user")).isEqualTo("alice");
        assertThat(record.getString("session")).isEqualTo(session.id());
        assertThat(record.getString("outcome")).isEqualTo("served");
        matchesTheSchema(record);
    }

    @Test
    void anUnknownResourceIsMinus32002WithTheUriAndIsRecordedAsInvalid() throws Exception {
        JsonObject answer = ask(fixtures(), "resources/read", "{\"uri\":\"test://missing\"}");
        assertThat(code(answer)).isEqualTo(JsonRpc.RESOURCE_NOT_FOUND);
        assertThat(answer.getJsonObject("error").getJsonObject("data").getString("uri")).isEqualTo("test://missing");
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getString("outcome")).isEqualTo("invalid");
            assertThat(r.getString("reason")).isEqualTo("unknown_resource");
        });
    }

    @Test
    void badParamsAndCursorsAreInvalidParams() throws Exception {
        McpMethods methods = fixtures();
        assertThat(code(ask(methods, "resources/read", "{}"))).isEqualTo(JsonRpc.INVALID_PARAMS);
        assertThat(code(ask(methods, "resources/read", "{\"uri\": 5}"))).isEqualTo(JsonRpc.INVALID_PARAMS);
        assertThat(code(ask(methods, "resources/list", "{\"cursor\":\"abc\"}"))).isEqualTo(JsonRpc.INVALID_PARAMS);
        assertThat(code(ask(methods, "prompts/list", "{\"cursor\":\"abc\"}"))).isEqualTo(JsonRpc.INVALID_PARAMS);
        assertThat(records).isEmpty();
    }

    @Test
    void aReadIsNotServedWhenItsRecordCannotBeWritten() throws Exception {
        auditFails = true;
        JsonObject answer = ask(fixtures(), "resources/read", "{\"uri\":\"test://static-text\"}");
        assertThat(code(answer)).isEqualTo(JsonRpc.INTERNAL_ERROR);
        assertThat(answer.encode()).doesNotContain("static text resource");
    }

    @Test
    void subscribeAndUnsubscribeTrackKnownResourcesAndRefuseUnknownOnes() throws Exception {
        McpMethods methods = fixtures();
        assertThat(ask(methods, "resources/subscribe", "{\"uri\":\"test://watched-resource\"}").getJsonObject("result")).isEmpty();
        assertThat(session.subscriptions()).containsExactly("test://watched-resource");
        assertThat(ask(methods, "resources/unsubscribe", "{\"uri\":\"test://watched-resource\"}").getJsonObject("result")).isEmpty();
        assertThat(session.subscriptions()).isEmpty();
        assertThat(code(ask(methods, "resources/subscribe", "{\"uri\":\"test://nope\"}"))).isEqualTo(JsonRpc.RESOURCE_NOT_FOUND);
    }

    @Test
    void aSessionHoldsABoundedNumberOfSubscriptions() throws Exception {
        McpMethods methods = fixtures();
        for (int i = 0; i < SessionState.MAX_SUBSCRIPTIONS; i++) {
            assertThat(ask(methods, "resources/subscribe", "{\"uri\":\"test://template/" + i + "/data\"}").containsKey("result")).isTrue();
        }
        JsonObject refused = ask(methods, "resources/subscribe", "{\"uri\":\"test://template/one-more/data\"}");
        assertThat(code(refused)).isEqualTo(JsonRpc.INVALID_PARAMS);
        assertThat(refused.getJsonObject("error").getString("message")).startsWith("Too many subscriptions");
        assertThat(session.subscriptions()).hasSize(SessionState.MAX_SUBSCRIPTIONS);
    }

    @Test
    void promptsGetFillsArgumentsAndRecordsThem() throws Exception {
        JsonObject answer = ask(fixtures(), "prompts/get", "{\"name\":\"test_prompt_with_arguments\",\"arguments\":{\"arg1\":\"a\",\"arg2\":\"b\"}}");
        assertThat(answer.getJsonObject("result").getJsonArray("messages").getJsonObject(0).getJsonObject("content").getString("text"))
                .isEqualTo("Prompt with arguments: arg1='a', arg2='b'");
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getString("method")).isEqualTo("prompts/get");
            assertThat(r.getString("target")).isEqualTo("test_prompt_with_arguments");
            assertThat(r.getJsonObject("arguments")).isEqualTo(new JsonObject().put("arg1", "a").put("arg2", "b"));
        });
    }

    @Test
    void anUnknownPromptOrBadArgumentsAreInvalidParamsNamingTheProblem() throws Exception {
        McpMethods methods = fixtures();
        JsonObject unknown = ask(methods, "prompts/get", "{\"name\":\"nope\"}");
        assertThat(code(unknown)).isEqualTo(JsonRpc.INVALID_PARAMS);
        assertThat(unknown.getJsonObject("error").getString("message")).isEqualTo("Unknown prompt: nope");
        JsonObject missing = ask(methods, "prompts/get", "{\"name\":\"test_prompt_with_arguments\",\"arguments\":{\"arg1\":\"a\"}}");
        assertThat(missing.getJsonObject("error").getString("message")).contains("needs argument arg2");
        JsonObject notString = ask(methods, "prompts/get", "{\"name\":\"test_prompt_with_arguments\",\"arguments\":{\"arg1\":1,\"arg2\":\"b\"}}");
        assertThat(notString.getJsonObject("error").getString("message")).isEqualTo("params.arguments.arg1 must be a string");
        assertThat(records).extracting(r -> r.getString("reason")).containsExactly("unknown_prompt", "invalid_arguments", "invalid_arguments");
        for (JsonObject record : records) {
            matchesTheSchema(record);
        }
    }

    @Test
    void completionOffersMatchingValuesPrefixFirst() throws Exception {
        McpMethods methods = fixtures();
        JsonObject prompt = ask(methods, "completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"test_prompt_with_arguments\"},\"argument\":{\"name\":\"arg1\",\"value\":\"PA\"}}")
                .getJsonObject("result").getJsonObject("completion");
        assertThat(prompt.getJsonArray("values").getList()).containsExactly("paris", "park");
        assertThat(prompt.getInteger("total")).isEqualTo(2);
        assertThat(prompt.getBoolean("hasMore")).isFalse();
        JsonObject template = ask(methods, "completion/complete",
                "{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"test://template/{id}/data\"},\"argument\":{\"name\":\"id\",\"value\":\"\"}}")
                .getJsonObject("result").getJsonObject("completion");
        assertThat(template.getJsonArray("values").getList()).containsExactly("123", "456", "789");
        assertThat(code(ask(methods, "completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"nope\"},\"argument\":{\"name\":\"arg1\",\"value\":\"\"}}"))).isEqualTo(JsonRpc.INVALID_PARAMS);
        assertThat(code(ask(methods, "completion/complete",
                "{\"ref\":{\"type\":\"ref/tool\",\"name\":\"x\"},\"argument\":{\"name\":\"a\",\"value\":\"\"}}"))).isEqualTo(JsonRpc.INVALID_PARAMS);
        assertThat(code(ask(methods, "completion/complete", "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"x\"}}"))).isEqualTo(JsonRpc.INVALID_PARAMS);
    }
}
