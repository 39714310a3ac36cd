package io.jitgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.EntityValidationRequest;
import com.cedarpolicy.value.EntityTypeName;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.aws.AwsOperations;
import io.jitgate.pipeline.Intent;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the gateway sends Cedar is what {@code policies/jitgate.cedarschema} declares: for every tool of
 * the catalogue, the entities and the context of a call (with every context field populated, and
 * with the optional ones absent) pass Cedar's own request and entity validation against the schema.
 */
class SchemaConformanceTest {
    static final Path ROOT = Path.of(System.getProperty("jitgate.root", ".."));
    static Vertx vertx;
    static ToolCatalog tools;
    static PolicySchema schema;
    static final BasicAuthorizationEngine CEDAR = new BasicAuthorizationEngine();

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        tools = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn()).load(ROOT.resolve("tools"));
        schema = PolicySchema.load(ROOT.resolve("policies"), tools);
    }

    @AfterAll
    static void tearDown() {
        vertx.close();
    }

    static Stream<String> toolNames() {
        return Stream.of("dynamodb_get_customer", "dynamodb_query_orders", "s3_list_objects", "s3_read_object", "s3_write_object",
                "sqs_receive_messages", "sqs_send_message", "whoami");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolNames")
    void theEntitiesAndContextOfEveryCallConformToTheSchema(String name) throws Exception {
        ToolDefinition tool = tools.find(name).orElseThrow();
        JsonObject example = tool.inputSchema().getJsonArray("examples").getJsonObject(0);
        AgentPrincipal who = new AgentPrincipal("a1", "alice", List.of("dev-agents", "team-1"), "acme", List.of());
        CedarRequests requests = new CedarRequests(schema);
        var entities = requests.entities(who, tool);
        assertThatCode(() -> CEDAR.validateEntities(new EntityValidationRequest(schema.cedar(), new ArrayList<>(entities))))
                .as("entities of " + name).doesNotThrowAnyException();
        List<PolicyRequest> calls = List.of(
                new PolicyRequest(who, PolicyRequest.PolicyAction.CALL, tool, example, new Intent("p", "T-1", "do it"),
                        Instant.parse("2027-01-04T09:30:00.123Z"), "10.1.2.3", 4L),
                new PolicyRequest(who, PolicyRequest.PolicyAction.CALL, tool, new JsonObject(), Intent.NONE, null, null, null),
                new PolicyRequest(who, PolicyRequest.PolicyAction.LIST, tool, null, null));
        for (PolicyRequest call : calls) {
            AuthorizationRequest question = new AuthorizationRequest(CedarRequests.agent(who),
                    EntityTypeName.parse("Action").orElseThrow().of(call.action().cedarId()), CedarRequests.tool(tool),
                    new Context(requests.context(call)), Optional.of(schema.cedar()), true);
            AuthorizationResponse answer = CEDAR.isAuthorized(question, new com.cedarpolicy.model.policy.PolicySet(), entities);
            assertThat(answer.success).as(name + " " + call.action() + ": " + answer).isPresent();
        }
    }

    @org.junit.jupiter.api.Test
    void theCheckRefusesAContextTheSchemaDoesNotDeclare() {
        ToolDefinition tool = tools.find("whoami").orElseThrow();
        AgentPrincipal who = new AgentPrincipal("a1", "alice", List.of(), "acme", List.of());
        CedarRequests requests = new CedarRequests(schema);
        var context = requests.context(new PolicyRequest(who, PolicyRequest.PolicyAction.CALL, tool, new JsonObject(), Intent.NONE));
        context.put("taskCalls", new com.cedarpolicy.value.PrimString("four"));
        AuthorizationRequest question = new AuthorizationRequest(CedarRequests.agent(who),
                EntityTypeName.parse("Action").orElseThrow().of("call"), CedarRequests.tool(tool), new Context(context),
                Optional.of(schema.cedar()), true);
        boolean refused;
        try {
            refused = CEDAR.isAuthorized(question, new com.cedarpolicy.model.policy.PolicySet(), requests.entities(who, tool)).success.isEmpty();
        } catch (Exception e) {
            refused = true;
        }
        assertThat(refused).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolNames")
    void everyDeclaredArgumentOfTheExamplesReachesTheContext(String name) {
        ToolDefinition tool = tools.find(name).orElseThrow();
        JsonObject example = tool.inputSchema().getJsonArray("examples").getJsonObject(0);
        var context = new CedarRequests(schema).context(new PolicyRequest(new AgentPrincipal("a1", "u", List.of(), "t", List.of()),
                PolicyRequest.PolicyAction.CALL, tool, example, Intent.NONE));
        for (String argument : example.fieldNames()) {
            if (schema.arguments().contains(argument)) {
                assertThat(((com.cedarpolicy.value.CedarMap) context.get("arguments")).containsKey(argument)).as(argument).isTrue();
            }
        }
        assertThat(context).containsKeys("arguments", "argumentSizes", "request", "intent", "time", "weekday");
    }
}
