package io.jitgate.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.audit.AuditSink;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.aws.AwsOperations;
import io.jitgate.fixtures.ConformanceFixtures;
import io.jitgate.pipeline.Pipeline;
import io.jitgate.policy.PolicyDecision;
import io.jitgate.policy.PolicyEngine;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which tools/call answers stream: a progress token, or a tool that talks while it runs and that the agent may see. */
class StreamingDecisionTest {
    static final Path ROOT = Path.of(System.getProperty("jitgate.root", ".."));
    static Vertx vertx;
    static ToolCatalog catalog;
    static final AgentPrincipal AGENT = new AgentPrincipal("a", null, List.of(), null, List.of());

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

    static McpMethods methods(PolicyEngine policy) {
        AuditSink none = new AuditSink() {
            public Future<Void> append(JsonObject record) {
                return Future.succeededFuture();
            }

            public boolean healthy() {
                return true;
            }

            public void close() {
            }
        };
        return new McpMethods(new ToolLister(() -> catalog, () -> policy, 50), new Pipeline(List.of(), none), 1 << 20);
    }

    static McpMessage call(String tool, boolean progressToken) {
        JsonObject params = new JsonObject().put("name", tool).put("arguments", new JsonObject());
        if (progressToken) {
            params.put("_meta", new JsonObject().put("progressToken", "p"));
        }
        return McpMessage.parse(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "tools/call").put("params", params));
    }

    @Test
    void aToolThatTalksWhileItRunsStreamsOnlyForAgentsThatMaySeeIt() {
        McpMethods allowed = methods(request -> new PolicyDecision(true, List.of("p"), List.of()));
        McpMethods hidden = methods(request -> new PolicyDecision(false, List.of(), List.of()));
        assertThat(allowed.streamsAnswer(call("test_tool_with_logging", false), AGENT)).isTrue();
        assertThat(allowed.streamsAnswer(call("test_reconnection", false), AGENT)).isTrue();
        // A hidden tool is answered like an unknown one: no stream that would tell the agent it exists.
        assertThat(hidden.streamsAnswer(call("test_tool_with_logging", false), AGENT)).isFalse();
        assertThat(allowed.streamsAnswer(call("no_such_tool", false), AGENT)).isFalse();
    }

    @Test
    void otherToolsStreamOnlyWithAProgressToken() {
        McpMethods allowed = methods(request -> new PolicyDecision(true, List.of("p"), List.of()));
        assertThat(allowed.streamsAnswer(call("test_simple_text", false), AGENT)).isFalse();
        assertThat(allowed.streamsAnswer(call("whoami", false), AGENT)).isFalse();
        assertThat(allowed.streamsAnswer(call("whoami", true), AGENT)).isTrue();
        assertThat(allowed.streamsAnswer(McpMessage.parse(new JsonObject("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")), AGENT))
                .isFalse();
    }
}
