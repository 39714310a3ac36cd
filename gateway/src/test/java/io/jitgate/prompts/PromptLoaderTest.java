package io.jitgate.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declarative prompts: the fixture folder, argument filling and checks, and files refused at load. */
class PromptLoaderTest {
    static final Path FIXTURES = Path.of(System.getProperty("jitgate.root", "..")).resolve("clients/fixtures/prompts");

    @Test
    void theFixturesListWithDescriptionsAndArguments() {
        PromptCatalog catalog = PromptLoader.load(FIXTURES);
        assertThat(catalog.prompts()).extracting(PromptInfo::name).containsExactly("test_prompt_with_arguments",
                "test_prompt_with_embedded_resource", "test_prompt_with_image", "test_simple_prompt");
        JsonObject listed = catalog.prompts().get(0).toJson();
        assertThat(listed.getString("description")).isNotBlank();
        assertThat(listed.getJsonArray("arguments").getJsonObject(0))
                .isEqualTo(new JsonObject().put("name", "arg1").put("description", "First test argument").put("required", true));
    }

    @Test
    void argumentsAreFilledIntoEveryStringOfTheMessages() {
        PromptCatalog catalog = PromptLoader.load(FIXTURES);
        JsonObject result = catalog.get("test_prompt_with_arguments", Map.of("arg1", "hello", "arg2", "world")).orElseThrow();
        assertThat(result.getJsonArray("messages").getJsonObject(0).getJsonObject("content").getString("text"))
                .isEqualTo("Prompt with arguments: arg1='hello', arg2='world'");
        JsonObject embedded = catalog.get("test_prompt_with_embedded_resource", Map.of("resourceUri", "test://example-resource"))
                .orElseThrow().getJsonArray("messages").getJsonObject(0).getJsonObject("content");
        assertThat(embedded.getString("type")).isEqualTo("resource");
        assertThat(embedded.getJsonObject("resource").getString("uri")).isEqualTo("test://example-resource");
    }

    @Test
    void aMissingRequiredOrUndeclaredArgumentIsRefusedByName() {
        PromptCatalog catalog = PromptLoader.load(FIXTURES);
        assertThatThrownBy(() -> catalog.get("test_prompt_with_arguments", Map.of("arg1", "x")))
                .isInstanceOf(PromptArgumentsInvalid.class).hasMessage("prompt test_prompt_with_arguments needs argument arg2");
        assertThatThrownBy(() -> catalog.get("test_simple_prompt", Map.of("x", "1")))
                .hasMessage("prompt test_simple_prompt has no argument x (it takes none)");
        assertThat(catalog.get("no_such_prompt", Map.of())).isEmpty();
    }

    @Test
    void completionValuesComeFromTheArgument() {
        PromptCatalog catalog = PromptLoader.load(FIXTURES);
        assertThat(catalog.completionValues("test_prompt_with_arguments", "arg1")).contains(List.of("test", "testing", "paris", "park"));
        assertThat(catalog.completionValues("test_prompt_with_arguments", "arg2")).contains(List.of());
        assertThat(catalog.completionValues("test_prompt_with_arguments", "arg9")).isEmpty();
        assertThat(catalog.completionValues("nope", "arg1")).isEmpty();
    }

    @Test
    void badFilesAreAllReportedAndNothingLoads(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"name\": \"b\", \"description\": \"d\", \"messages\": [{\"role\": \"user\", \"content\": {\"type\": \"text\", \"text\": \"x\"}}]}");
        Files.writeString(dir.resolve("c.json"), "{\"name\": \"c\", \"description\": \"d\", \"messages\": [{\"role\": \"system\", \"content\": {\"type\": \"text\", \"text\": \"x\"}}]}");
        Files.writeString(dir.resolve("d.json"), "{\"name\": \"d\", \"description\": \"d\", \"messages\": [{\"role\": \"user\", \"content\": {\"type\": \"text\", \"text\": \"hi {who}\"}}]}");
        Files.writeString(dir.resolve("e.json"), "{\"name\": \"e\", \"description\": \"d\", \"messages\": [{\"role\": \"user\", \"content\": {\"type\": \"image\", \"data\": \"??\", \"mimeType\": \"image/png\"}}]}");
        Files.writeString(dir.resolve("f.json"), "{\"name\": \"f\", \"description\": \"d\", \"arguments\": [{\"name\": \"a\"}, {\"name\": \"a\"}], \"messages\": [{\"role\": \"user\", \"content\": {\"type\": \"text\", \"text\": \"x\"}}]}");
        Files.writeString(dir.resolve("g.json"), "{\"name\": \"g\", \"description\": \"d\", \"messages\": []}");
        assertThatThrownBy(() -> PromptLoader.load(dir))
                .hasMessageContaining("a.json: name 'b' must match the file name (b.json)")
                .hasMessageContaining("c.json: messages[0].role must be user or assistant, but was system")
                .hasMessageContaining("d.json: messages use {who}, which arguments do not declare")
                .hasMessageContaining("e.json: messages[0].content.data is not base64")
                .hasMessageContaining("f.json: arguments[1].name 'a' is declared twice")
                .hasMessageContaining("g.json: messages must be a non-empty list");
    }
}
