package io.jitgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.aws.AwsOperations;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policies are validated against the schema at load: a bad set is refused naming file, line and reason. */
class PolicyValidationTest {
    static final Path ROOT = Path.of(System.getProperty("jitgate.root", ".."));
    static Vertx vertx;
    static ToolCatalog tools;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        tools = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn()).load(ROOT.resolve("tools"));
    }

    @AfterAll
    static void tearDown() {
        vertx.close();
    }

    private static Path folder(Path dir, String file, String text) throws Exception {
        Files.copy(ROOT.resolve("policies").resolve(PolicySchema.FILE), dir.resolve(PolicySchema.FILE), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("ok.cedar"), "@id(\"fine\")\npermit (principal in Group::\"dev-agents\", action == Action::\"call\", resource)\nwhen { resource.readOnly };\n");
        Files.writeString(dir.resolve(file), text);
        return dir;
    }

    @Test
    void theExamplePoliciesValidate() {
        assertThat(CedarPolicyEngine.load(ROOT.resolve("policies"), tools).size()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void anUnknownToolAttributeIsRefusedWithFileLineAndReason(@TempDir Path dir) throws Exception {
        folder(dir, "bad.cedar", """
                // a comment line
                @id("typo")
                permit (principal, action == Action::"call", resource)
                when {
                  resource.readonly
                };
                """);
        assertThatThrownBy(() -> CedarPolicyEngine.load(dir, tools)).isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining(dir.resolve("bad.cedar") + ":5: policy typo: attribute `readonly` on entity type `Tool` not found")
                .hasMessageContaining("did you mean `readOnly`?");
    }

    @Test
    void anArgumentNoToolDeclaresIsRefused(@TempDir Path dir) throws Exception {
        folder(dir, "bad.cedar", """

                @id("prefix-typo")
                permit (principal, action == Action::"call", resource)
                when { context.arguments has prefx && context.arguments.prefx like "a*" };
                """);
        // Cedar types `has` of an undeclared attribute as always false: the policy can never apply
        assertThatThrownBy(() -> CedarPolicyEngine.load(dir, tools))
                .hasMessageContaining(dir.resolve("bad.cedar") + ":2: policy prefix-typo: policy is impossible")
                .hasMessageContaining("does not declare");
        folder(dir, "bad.cedar", """
                @id("prefix-typo")
                permit (principal, action == Action::"call", resource)
                when { context.arguments.prefx like "a*" };
                """);
        assertThatThrownBy(() -> CedarPolicyEngine.load(dir, tools))
                .hasMessageContaining(dir.resolve("bad.cedar") + ":3: policy prefix-typo:").hasMessageContaining("prefx");
    }

    @Test
    void aComparisonOfTheWrongTypeIsRefused(@TempDir Path dir) throws Exception {
        folder(dir, "bad.cedar", """
                @id("fine-too")
                permit (principal, action == Action::"list", resource);

                @id("count-as-text")
                forbid (principal, action == Action::"call", resource)
                when { context has taskCalls && context.taskCalls == "20" };
                """);
        assertThatThrownBy(() -> CedarPolicyEngine.load(dir, tools))
                .hasMessageContaining(dir.resolve("bad.cedar") + ":6: policy count-as-text:")
                .hasMessageContaining("Long and String are not compatible");
    }

    @Test
    void readingAnOptionalAttributeWithoutHasIsRefused(@TempDir Path dir) throws Exception {
        folder(dir, "bad.cedar", """
                @id("unguarded")
                permit (principal, action == Action::"call", resource)
                when { context.intent.purpose != "" };
                """);
        assertThatThrownBy(() -> CedarPolicyEngine.load(dir, tools))
                .hasMessageContaining(dir.resolve("bad.cedar") + ":3: policy unguarded:")
                .hasMessageContaining("optional attribute");
    }

    @Test
    void aSyntaxErrorIsRefusedNamingTheLineOfThePolicy(@TempDir Path dir) throws Exception {
        folder(dir, "bad.cedar", """
                @id("first")
                permit (principal, action == Action::"list", resource);

                // the next one misses its closing brace
                @id("second")
                permit (principal, action == Action::"call", resource)
                when { resource.readOnly ;
                """);
        assertThatThrownBy(() -> CedarPolicyEngine.load(dir, tools))
                .hasMessageContaining(dir.resolve("bad.cedar") + ":5: syntax error in this policy:");
    }

    @Test
    void aMissingOrBrokenSchemaIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ok.cedar"), "permit (principal, action, resource);");
        assertThatThrownBy(() -> CedarPolicyEngine.load(dir, tools)).hasMessageContaining(PolicySchema.FILE + ": the Cedar schema is missing");
        Files.writeString(dir.resolve(PolicySchema.FILE), "entity Agent {");
        assertThatThrownBy(() -> CedarPolicyEngine.load(dir, tools)).hasMessageContaining(PolicySchema.FILE + ": not a valid Cedar schema");
    }

    @Test
    void aTierAnnotationProblemNamesFileAndLine(@TempDir Path dir) throws Exception {
        folder(dir, "bad.cedar", "\n\n@id(\"p1\") @tier(\"sometimes\") permit (principal, action, resource);");
        assertThatThrownBy(() -> CedarPolicyEngine.load(dir, tools)).hasMessageContaining(dir.resolve("bad.cedar") + ":3: policy p1");
    }
}
