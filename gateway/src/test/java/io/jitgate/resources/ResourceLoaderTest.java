package io.jitgate.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declarative resources: the fixture folder, reads and templates, and files refused at load. */
class ResourceLoaderTest {
    static final Path FIXTURES = Path.of(System.getProperty("jitgate.root", "..")).resolve("clients/fixtures/resources");

    static JsonObject read(ResourceProvider provider, String uri) {
        JsonArray contents = provider.read(uri).result().orElseThrow();
        assertThat(contents).hasSize(1);
        return contents.getJsonObject(0);
    }

    @Test
    void theFixturesListTheirDirectResourcesAndTemplates() {
        ResourceCatalog catalog = ResourceLoader.load(FIXTURES);
        assertThat(catalog.resources()).extracting(ResourceInfo::uri)
                .containsExactly("test://static-binary", "test://static-text", "test://watched-resource");
        assertThat(catalog.templates()).extracting(ResourceTemplateInfo::uriTemplate).containsExactly("test://template/{id}/data");
        assertThat(catalog.resources().get(1).toJson().getString("description")).isNotBlank();
    }

    @Test
    void aTextResourceReadsAsTextAndABinaryOneAsBase64Blob() {
        ResourceCatalog catalog = ResourceLoader.load(FIXTURES);
        JsonObject text = read(catalog, "test://static-text");
        assertThat(text.getString("text")).isEqualTo("This is the content of the static text resource.");
        assertThat(text.getString("mimeType")).isEqualTo("text/plain");
        JsonObject blob = read(catalog, "test://static-binary");
        assertThat(blob.getString("mimeType")).isEqualTo("image/png");
        assertThat(java.util.Base64.getDecoder().decode(blob.getString("blob"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(blob.containsKey("text")).isFalse();
    }

    @Test
    void aTemplateFillsItsVariablesFromTheUriEscapedInsideJson() {
        ResourceCatalog catalog = ResourceLoader.load(FIXTURES);
        JsonObject data = read(catalog, "test://template/123/data");
        assertThat(data.getString("uri")).isEqualTo("test://template/123/data");
        assertThat(new JsonObject(data.getString("text"))).isEqualTo(new JsonObject()
                .put("id", "123").put("templateTest", true).put("data", "Data for ID: 123"));
        // A value with a quote cannot break out of its JSON string.
        JsonObject tricky = read(catalog, "test://template/a\",\"x\":\"1/data");
        assertThat(new JsonObject(tricky.getString("text")).getString("id")).isEqualTo("a\",\"x\":\"1");
    }

    @Test
    void anUnknownUriIsNotFoundAndAPartialTemplateMatchIsNoMatch() {
        ResourceCatalog catalog = ResourceLoader.load(FIXTURES);
        assertThat(catalog.read("test://nothing").result()).isEmpty();
        assertThat(catalog.read("test://template//data").result()).isEmpty();
        assertThat(catalog.read("test://template/1/2/data").result()).isEmpty();
        assertThat(catalog.knows("test://watched-resource")).isTrue();
        assertThat(catalog.knows("test://template/9/data")).isTrue();
        assertThat(catalog.knows("test://other")).isFalse();
    }

    @Test
    void completionValuesComeFromTheTemplateVariable() {
        ResourceCatalog catalog = ResourceLoader.load(FIXTURES);
        assertThat(catalog.completionValues("test://template/{id}/data", "id")).contains(List.of("123", "456", "789"));
        assertThat(catalog.completionValues("test://template/{id}/data", "name")).isEmpty();
        assertThat(catalog.completionValues("test://other/{id}", "id")).isEmpty();
    }

    @Test
    void badFilesAreAllReportedAndNothingLoads(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"uri\": \"test://a\", \"name\": \"a\", \"description\": \"d\", \"text\": \"x\", \"blob\": \"eA==\"}");
        Files.writeString(dir.resolve("b.json"), "{\"uri\": \"test://b\", \"name\": \"b\", \"description\": \"d\", \"blob\": \"not base64!\"}");
        Files.writeString(dir.resolve("c.json"), "{\"uri\": \"relative/c\", \"name\": \"c\", \"description\": \"d\", \"text\": \"x\"}");
        Files.writeString(dir.resolve("d.json"), "{\"uriTemplate\": \"test://d\", \"name\": \"d\", \"description\": \"d\", \"text\": \"x\"}");
        Files.writeString(dir.resolve("e.json"), "{\"uriTemplate\": \"test://e/{id}\", \"name\": \"e\", \"description\": \"d\", \"text\": \"x\", \"completions\": {\"name\": []}}");
        Files.writeString(dir.resolve("f.json"), "{\"uri\": \"test://f\", \"name\": \"f\", \"description\": \"d\", \"text\": \"x\", \"colour\": 1}");
        Files.writeString(dir.resolve("g.json"), "{\"uri\": \"test://v\", \"name\": \"g\", \"description\": \"d\", \"text\": \"x\"}");
        Files.writeString(dir.resolve("v.json"), "{\"uri\": \"test://v\", \"name\": \"v\", \"description\": \"d\", \"text\": \"x\"}");
        Files.writeString(dir.resolve("h.json"), "[1, 2]");
        assertThatThrownBy(() -> ResourceLoader.load(dir))
                .hasMessageContaining("a.json: needs exactly one of text and blob")
                .hasMessageContaining("b.json: blob is not base64")
                .hasMessageContaining("c.json: uri must be absolute")
                .hasMessageContaining("d.json: uriTemplate: a template needs at least one variable")
                .hasMessageContaining("e.json: completions names {name}, which uriTemplate does not have")
                .hasMessageContaining("f.json: colour is not a known field")
                .hasMessageContaining("v.json: uri test://v is declared twice")
                .hasMessageContaining("h.json: must be a JSON object, but is a list");
    }

    @Test
    void aMissingFolderIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> ResourceLoader.load(dir.resolve("nope"))).hasMessageContaining("resourcesDir " + dir.resolve("nope") + " does not exist");
    }
}
