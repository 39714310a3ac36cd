package io.jitgate.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.aws.AwsOperations;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ToolLoaderTest {
    static Vertx vertx;
    static ToolLoader loader;
    static final Path CATALOGUE = Path.of(System.getProperty("jitgate.root", "..")).resolve("tools");

    @BeforeAll
    static void setUp() throws Exception {
        vertx = Vertx.vertx();
        loader = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn());
    }

    @AfterAll
    static void tearDown() throws Exception {
        vertx.close();
    }

    @Test
    void theExampleCatalogueLoadsWithAtLeastEightToolsOverFourServices() throws Exception {
        ToolCatalog catalog = loader.load(CATALOGUE);
        assertThat(catalog.size()).isGreaterThanOrEqualTo(8);
        assertThat(catalog.all().stream().map(t -> t.aws().service()).distinct().count()).isGreaterThanOrEqualTo(4);
        assertThat(catalog.all()).anyMatch(ToolDefinition::readOnly).anyMatch(t -> !t.readOnly());
        assertThat(catalog.find("whoami")).isPresent();
        assertThat(catalog.find("whoami_iam_user").orElseThrow().aws().credentials().type()).isEqualTo(CredentialType.IAM_USER);
        assertThat(catalog.find("s3_read_object").orElseThrow().aws().credentials().narrowTo())
                .containsExactly("arn:aws:s3:::{{bucket}}/{{key}}");
        assertThat(catalog.find("whoami").orElseThrow().aws().credentials()).isEqualTo(CredentialSpec.DEFAULT);
    }

    static JsonObject valid() {
        return new JsonObject("""
            {"name": "t1", "description": "d", "vaultRole": "r1", "tier": "auto",
             "inputSchema": {"type": "object", "properties": {"bucket": {"type": "string"}}, "required": ["bucket"]},
             "annotations": {"readOnlyHint": true},
             "aws": {"service": "s3", "operation": "ListObjectsV2", "request": {"Bucket": "{{bucket}}"},
                     "actions": ["s3:ListBucket"], "resources": ["arn:aws:s3:::b"]}}
            """);
    }

    static Stream<Arguments> badDefinitions() {
        return Stream.of(
                bad("name with a space", j -> j.put("name", "bad name"), "name must be 1-64"),
                bad("unknown top-level field", j -> j.put("colour", "red"), "colour is not a known field"),
                bad("missing description", j -> j.remove("description"), "description must be a non-empty string, but was missing"),
                bad("input schema not an object type", j -> j.getJsonObject("inputSchema").put("type", "array"), "inputSchema.type must be \"object\""),
                bad("invalid JSON Schema", j -> j.getJsonObject("inputSchema").getJsonObject("properties").put("bucket", new JsonObject().put("type", "strng")),
                        "inputSchema is not a valid JSON Schema"),
                bad("unknown tier", j -> j.put("tier", "sometimes"), "tier must be one of auto, confirm, approve, deny, but was 'sometimes'"),
                bad("no vault role", j -> j.remove("vaultRole"), "vaultRole must be a non-empty string"),
                bad("unsupported operation", j -> j.getJsonObject("aws").put("operation", "DeleteBucket"), "aws.operation s3:DeleteBucket is not supported"),
                bad("mapping to an undeclared argument", j -> j.getJsonObject("aws").getJsonObject("request").put("Prefix", "{{prefx}}"),
                        "aws.request refers to argument 'prefx'"),
                bad("unknown request parameter", j -> j.getJsonObject("aws").getJsonObject("request").put("Colour", "x"),
                        "aws.request.Colour is not a parameter of s3:ListObjectsV2"),
                bad("required parameter missing", j -> j.getJsonObject("aws").put("request", new JsonObject()),
                        "aws.request.Bucket is required by s3:ListObjectsV2"),
                bad("no actions", j -> j.getJsonObject("aws").remove("actions"), "aws.actions must be a non-empty list"),
                bad("malformed action", j -> j.getJsonObject("aws").put("actions", new io.vertx.core.json.JsonArray().add("ListBucket")),
                        "aws.actions has 'ListBucket'"),
                bad("read-only tool granted a write", j -> j.getJsonObject("aws").put("actions",
                        new io.vertx.core.json.JsonArray().add("s3:ListBucket").add("s3:PutObject")), "readOnlyHint is true, but aws.actions grants a write"),
                bad("an example that is not a valid call", j -> j.getJsonObject("inputSchema").put("examples",
                        new io.vertx.core.json.JsonArray().add(new JsonObject().put("bucket", 7))), "inputSchema.examples[0] does not match inputSchema"),
                bad("sensitive argument not declared", j -> j.put("sensitiveArguments", new io.vertx.core.json.JsonArray().add("secret")),
                        "sensitiveArguments names 'secret', which inputSchema.properties does not declare"),
                bad("sensitive arguments not a list", j -> j.put("sensitiveArguments", "bucket"),
                        "sensitiveArguments must be a list of argument names, but was bucket"),
                bad("non-boolean hint", j -> j.getJsonObject("annotations").put("readOnlyHint", "yes"), "annotations.readOnlyHint must be true or false"),
                bad("unknown credential type", j -> j.getJsonObject("aws").put("credentials", new JsonObject().put("type", "federation_token")),
                        "aws.credentials.type must be one of [assumed_role, iam_user], but was 'federation_token'"),
                bad("narrowing iam_user credentials", j -> j.getJsonObject("aws").put("credentials", new JsonObject().put("type", "iam_user")
                        .put("narrowTo", new io.vertx.core.json.JsonArray().add("arn:aws:s3:::{{bucket}}"))),
                        "aws.credentials.narrowTo needs type assumed_role"),
                bad("narrowing to an undeclared argument", j -> j.getJsonObject("aws").put("credentials", new JsonObject()
                        .put("narrowTo", new io.vertx.core.json.JsonArray().add("arn:aws:s3:::{{bukket}}"))),
                        "aws.credentials.narrowTo refers to argument 'bukket', which inputSchema.properties does not declare"),
                bad("narrowing to a fixed resource", j -> j.getJsonObject("aws").put("credentials", new JsonObject()
                        .put("narrowTo", new io.vertx.core.json.JsonArray().add("arn:aws:s3:::b"))), "depends on no argument"),
                bad("narrowing to an optional argument", j -> {
                    j.getJsonObject("inputSchema").getJsonObject("properties").put("prefix", new JsonObject().put("type", "string"));
                    j.getJsonObject("aws").put("credentials", new JsonObject()
                            .put("narrowTo", new io.vertx.core.json.JsonArray().add("arn:aws:s3:::{{bucket}}/{{prefix}}*")));
                }, "refers to argument 'prefix', which inputSchema.required does not list"),
                bad("narrowing to a sensitive argument", j -> {
                    j.put("sensitiveArguments", new io.vertx.core.json.JsonArray().add("bucket"));
                    j.getJsonObject("aws").put("credentials", new JsonObject()
                            .put("narrowTo", new io.vertx.core.json.JsonArray().add("arn:aws:s3:::{{bucket}}")));
                }, "'bucket', a sensitive argument"),
                bad("unknown credentials field", j -> j.getJsonObject("aws").put("credentials", new JsonObject().put("ttl", 60)),
                        "aws.credentials.ttl is not a known field"));
    }

    static Arguments bad(String what, Consumer<JsonObject> change, String message) {
        JsonObject json = valid();
        change.accept(json);
        return Arguments.of(what, json, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDefinitions")
    void aBadDefinitionIsRefusedWithTheFileAndFieldNamed(String what, JsonObject json, String message, @TempDir Path dir) throws IOException {
        Path file = dir.resolve(json.getString("name", "t1") + ".json");
        Files.writeString(file, json.encode());
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ToolDefinitionException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(message);
    }

    @Test
    void theFileMustBeNamedAfterTheTool(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("other.json"), valid().encode());
        assertThatThrownBy(() -> loader.load(dir)).hasMessageContaining("name 't1' must match the file name (t1.json)");
    }

    @Test
    void twoToolsMayNotShareAVaultRole(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t1.json"), valid().encode());
        Files.writeString(dir.resolve("t2.json"), valid().put("name", "t2").encode());
        assertThatThrownBy(() -> loader.load(dir)).hasMessageContaining("vaultRole 'r1' is already the role of tool 't1'");
    }

    @Test
    void malformedJsonNamesTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t1.json"), "{\"name\": ");
        assertThatThrownBy(() -> loader.load(dir)).hasMessageContaining("t1.json: not valid JSON");
    }

    @Test
    void everyProblemInTheFolderIsReportedTogether(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t1.json"), valid().put("tier", "x").encode());
        Files.writeString(dir.resolve("t2.json"), valid().put("name", "t2").put("vaultRole", "r2").put("colour", 1).encode());
        assertThatThrownBy(() -> loader.load(dir)).hasMessageContaining("t1.json").hasMessageContaining("t2.json");
    }

    @Test
    void sensitivityIsOneOfTheKnownWordsAndDefaultsToInternal(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t1.json"), valid().encode());
        assertThat(loader.load(dir).find("t1").orElseThrow().sensitivity()).isEqualTo(Sensitivity.INTERNAL);
        Files.writeString(dir.resolve("t1.json"), valid().put("sensitivity", "confidential").encode());
        assertThat(loader.load(dir).find("t1").orElseThrow().sensitivity()).isEqualTo(Sensitivity.CONFIDENTIAL);
        Files.writeString(dir.resolve("t1.json"), valid().put("sensitivity", "secret").encode());
        assertThatThrownBy(() -> loader.load(dir))
                .hasMessageContaining("t1.json: sensitivity must be one of public, internal, confidential, restricted, but was secret");
    }

    @Test
    void aToolCannotBeBothReadOnlyAndDestructive(@TempDir Path dir) throws IOException {
        JsonObject tool = valid();
        tool.put("annotations", new JsonObject().put("readOnlyHint", true).put("destructiveHint", true));
        Files.writeString(dir.resolve("t1.json"), tool.encode());
        assertThatThrownBy(() -> loader.load(dir)).hasMessageContaining("readOnlyHint and annotations.destructiveHint cannot both be true");
    }

    @Test
    void anEmptyFolderIsRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> loader.load(dir)).hasMessageContaining("has no tool definitions");
    }
}
