package io.jitgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.aws.AwsOperations;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy test corpus of {@code policies/tests/*.json}: request -> expected decision, policies and tier. */
class PolicyCorpusTest {
    static final Path ROOT = Path.of(System.getProperty("jitgate.root", ".."));
    static Vertx vertx;
    static ToolCatalog tools;
    static CedarPolicyEngine engine;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        tools = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn()).load(ROOT.resolve("tools"));
        engine = CedarPolicyEngine.load(ROOT.resolve("policies"), tools);
    }

    @AfterAll
    static void tearDown() {
        vertx.close();
    }

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("policies/tests"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (Object c : new JsonObject(Files.readString(file)).getJsonArray("cases")) {
                    JsonObject json = (JsonObject) c;
                    all.add(Arguments.of(file.getFileName() + ": " + json.getString("name"), json));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void thePoliciesDecideAsTheCorpusSays(String name, JsonObject json) {
        PolicyCase question = PolicyCase.fromJson(expandRepeats(json));
        PolicyCase.Explanation answer = question.explain(tools, engine);
        JsonObject expect = json.getJsonObject("expect");
        if (expect.containsKey("visible")) {
            assertThat(engine.mayList(question.principal(), tools.find(question.tool()).orElseThrow()))
                    .as(name + ": shown by tools/list").isEqualTo(expect.getBoolean("visible"));
        }
        assertThat(answer.allowed() ? "allow" : "deny").as(name).isEqualTo(expect.getString("decision"));
        assertThat(answer.policyIds()).as(name).containsExactlyInAnyOrderElementsOf(
                expect.getJsonArray("policyIds", new JsonArray()).stream().map(String::valueOf).toList());
        assertThat(answer.tier() == null ? null : answer.tier().word()).as(name).isEqualTo(expect.getString("tier"));
        assertThat(answer.errors()).as(name).isEmpty();
    }

    /** {@code {"$repeat": S, "times": N}} as an argument stands for S repeated N times (long texts stay readable). */
    static JsonObject expandRepeats(JsonObject json) {
        JsonObject copy = json.copy();
        JsonObject arguments = copy.getJsonObject("arguments");
        if (arguments != null) {
            for (String key : arguments.fieldNames()) {
                if (arguments.getValue(key) instanceof JsonObject r && r.containsKey("$repeat")) {
                    arguments.put(key, r.getString("$repeat").repeat(r.getInteger("times")));
                }
            }
        }
        return copy;
    }

    @Test
    void anUnknownTierAnnotationIsRefusedWithTheFileAndPolicy(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("t.cedar"), "@id(\"p1\") @tier(\"sometimes\") permit (principal, action, resource);");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> withSchema(dir))
                .hasMessageContaining("t.cedar").hasMessageContaining("p1").hasMessageContaining("'sometimes'");
        Files.writeString(dir.resolve("t.cedar"), "@id(\"p2\") @tier(\"approve\") forbid (principal, action, resource);");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> withSchema(dir)).hasMessageContaining("@tier belongs on a permit");
    }

    /** Loads {@code dir} with the repository's schema copied beside its policies. */
    static CedarPolicyEngine withSchema(Path dir) throws java.io.IOException {
        Files.copy(ROOT.resolve("policies").resolve(PolicySchema.FILE), dir.resolve(PolicySchema.FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return CedarPolicyEngine.load(dir, tools);
    }
}
