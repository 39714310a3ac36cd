package io.jitgate.resources;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resources declared in files ({@link ResourceLoader}): fixed text or bytes, and templates whose
 * text is filled from the URI's variables. Immutable; read from memory.
 */
public final class ResourceCatalog implements ResourceProvider {
    /** A direct resource: its listing and its one content object. */
    record Fixed(ResourceInfo info, JsonObject contents) {
    }

    /** A template: its listing, its parsed URI template, the text to fill, and completion values per variable. */
    record Template(ResourceTemplateInfo info, UriTemplate uri, String text, Map<String, List<String>> completions) {
        JsonObject contents(String uri, Map<String, String> values) {
            String filled = text;
            boolean json = info.mimeType() != null && info.mimeType().contains("json");
            for (Map.Entry<String, String> v : values.entrySet()) {
                // Inside JSON text a value is escaped, so a URI cannot change the document's structure.
                String value = json ? escapeJson(v.getValue()) : v.getValue();
                filled = filled.replace("{" + v.getKey() + "}", value);
            }
            JsonObject out = new JsonObject().put("uri", uri);
            if (info.mimeType() != null) {
                out.put("mimeType", info.mimeType());
            }
            return out.put("text", filled);
        }

        private static String escapeJson(String value) {
            String quoted = new JsonArray().add(value).encode();
            return quoted.substring(2, quoted.length() - 2);
        }
    }

    private final List<Fixed> fixed;
    private final List<Template> templates;

    ResourceCatalog(List<Fixed> fixed, List<Template> templates) {
        this.fixed = List.copyOf(fixed);
        this.templates = List.copyOf(templates);
    }

    public int size() {
        return fixed.size() + templates.size();
    }

    @Override
    public List<ResourceInfo> resources() {
        return fixed.stream().map(Fixed::info).toList();
    }

    @Override
    public List<ResourceTemplateInfo> templates() {
        return templates.stream().map(Template::info).toList();
    }

    @Override
    public boolean knows(String uri) {
        return find(uri).isPresent();
    }

    @Override
    public Future<Optional<JsonArray>> read(String uri) {
        return Future.succeededFuture(find(uri).map(contents -> new JsonArray().add(contents)));
    }

    private Optional<JsonObject> find(String uri) {
        for (Fixed f : fixed) {
            if (f.info().uri().equals(uri)) {
                return Optional.of(f.contents().copy());
            }
        }
        for (Template t : templates) {
            Optional<Map<String, String>> values = t.uri().match(uri);
            if (values.isPresent()) {
                return Optional.of(t.contents(uri, values.get()));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<List<String>> completionValues(String uriTemplate, String variable) {
        return templates.stream().filter(t -> t.info().uriTemplate().equals(uriTemplate)).findFirst()
                .filter(t -> t.uri().variables().contains(variable))
                .map(t -> t.completions().getOrDefault(variable, List.of()));
    }
}
