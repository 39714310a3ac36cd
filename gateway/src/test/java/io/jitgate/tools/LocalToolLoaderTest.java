package io.jitgate.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.aws.AwsOperations;
import io.jitgate.fixtures.ConformanceFixtures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local tools load only from the local tools folder, bound to a registered handler, with no AWS binding. */
class LocalToolLoaderTest {
    static final Path ROOT = Path.of(System.getProperty("jitgate.root", ".."));
    static final Path CATALOGUE = ROOT.resolve("tools");
    static final Path FIXTURES = ROOT.resolve("clients/fixtures/tools");
    static Vertx vertx;
    static ToolLoader loader;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        loader = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn(), ConformanceFixtures.tools());
    }

    @AfterAll
    static void tearDown() {
        vertx.close();
    }

    static JsonObject local(String name) {
        return new JsonObject().put("name", name).put("kind", "local").put("handler", "test_simple_text")
                .put("description", "d").put("tier", "auto").put("annotations", new JsonObject().put("readOnlyHint", true))
                .put("inputSchema", new JsonObject().put("type", "object").put("properties", new JsonObject()));
    }

    static Path write(Path dir, String name, JsonObject json) throws Exception {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name + ".json"), json.encodePrettily());
    }

    @Test
    void theLoadtestEchoToolIsABuiltInLocalToolThatAnswersWithItsArguments() {
        ToolLoader builtIn = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn(),
                io.jitgate.tools.local.LocalTools.builtIn());
        ToolDefinition echo = builtIn.load(CATALOGUE, ROOT.resolve("loadtest/tools")).find("echo").orElseThrow();
        assertThat(echo.isLocal()).isTrue();
        assertThat(echo.operation()).isEqualTo("echo");
        JsonObject arguments = new JsonObject().put("text", "hello");
        io.jitgate.tools.local.LocalToolResult result = echo.local().tool()
                .call(new io.jitgate.tools.local.LocalCall("c1", arguments, null, vertx)).result();
        assertThat(new JsonObject(result.content().getJsonObject(0).getString("text"))).isEqualTo(arguments);
        assertThat(io.jitgate.tools.local.LocalTools.builtIn().names()).contains("echo", "test_simple_text");
    }

    @Test
    void theFixtureFolderLoadsBesideTheCatalogueAsLocalToolsWithoutAwsOrVaultRole() {
        ToolCatalog catalog = loader.load(CATALOGUE, FIXTURES);
        ToolDefinition text = catalog.find("test_simple_text").orElseThrow();
        assertThat(text.isLocal()).isTrue();
        assertThat(text.aws()).isNull();
        assertThat(text.vaultRole()).isNull();
        assertThat(text.service()).isEqualTo("local");
        assertThat(text.operation()).isEqualTo("test_simple_text");
        assertThat(catalog.find("whoami").orElseThrow().isLocal()).isFalse();
        assertThat(catalog.find("test_tool_with_progress").orElseThrow().reportsProgress()).isTrue();
        assertThat(catalog.find("test_reconnection").orElseThrow().streams()).isTrue();
        assertThat(catalog.find("test_simple_text").orElseThrow().streams()).isFalse();
    }

    @Test
    void theJsonSchema2020FixtureKeepsSchemaDefsAndAdditionalPropertiesInItsListing() {
        JsonObject schema = loader.load(CATALOGUE, FIXTURES).find("json_schema_2020_12_tool").orElseThrow()
                .toListEntry().getJsonObject("inputSchema");
        assertThat(schema.getString("$schema")).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.getJsonObject("$defs").containsKey("address")).isTrue();
        assertThat(schema.getValue("additionalProperties")).isEqualTo(false);
    }

    @Test
    void aLocalToolInTheDefaultCatalogueIsRefused(@TempDir Path dir) throws Exception {
        Files.copy(CATALOGUE.resolve("whoami.json"), Files.createDirectories(dir.resolve("tools")).resolve("whoami.json"));
        write(dir.resolve("tools"), "sneaky", local("sneaky"));
        assertThatThrownBy(() -> loader.load(dir.resolve("tools")))
                .hasMessageContaining("sneaky.json: kind \"local\" is served only from the folder named by localToolsDir");
    }

    @Test
    void anAwsToolInTheLocalFolderIsRefused(@TempDir Path dir) throws Exception {
        Files.copy(CATALOGUE.resolve("whoami.json"), Files.createDirectories(dir.resolve("local")).resolve("whoami.json"));
        assertThatThrownBy(() -> loader.load(CATALOGUE, dir.resolve("local")))
                .hasMessageContaining("localToolsDir holds local tools only");
    }

    @Test
    void anUnknownHandlerIsRefusedNamingTheKnownOnes(@TempDir Path dir) throws Exception {
        write(dir, "t1", local("t1").put("handler", "rm_rf"));
        assertThatThrownBy(() -> loader.load(CATALOGUE, dir))
                .hasMessageContaining("handler 'rm_rf' is not a local tool of this gateway (known: ")
                .hasMessageContaining("test_simple_text");
    }

    @Test
    void aLoaderWithoutLocalToolsKnowsNoHandler(@TempDir Path dir) throws Exception {
        write(dir, "t1", local("t1"));
        ToolLoader awsOnly = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn());
        assertThatThrownBy(() -> awsOnly.load(CATALOGUE, dir)).hasMessageContaining("handler 'test_simple_text' is not a local tool");
    }

    @Test
    void aLocalToolMayNotCarryAnAwsBindingOrVaultRole(@TempDir Path dir) throws Exception {
        write(dir, "t1", local("t1").put("vaultRole", "r1"));
        assertThatThrownBy(() -> loader.load(CATALOGUE, dir)).hasMessageContaining("vaultRole does not belong to a local tool");
    }

    @Test
    void aLocalToolMayNotTakeTheNameOfACatalogueTool(@TempDir Path dir) throws Exception {
        write(dir, "whoami", local("whoami"));
        assertThatThrownBy(() -> loader.load(CATALOGUE, dir)).hasMessageContaining("name 'whoami' is already used by");
    }

    @Test
    void anUnknownKindIsRefused(@TempDir Path dir) throws Exception {
        write(dir, "t1", local("t1").put("kind", "shell"));
        assertThatThrownBy(() -> loader.load(CATALOGUE, dir)).hasMessageContaining("localToolsDir holds local tools only");
        assertThatThrownBy(() -> loader.parse(dir.resolve("t1.json"), local("t1").put("kind", "shell")))
                .hasMessageContaining("kind must be \"aws\" (the default) or \"local\", but was shell");
    }
}
