package io.jitgate.resources;

import static io.jitgate.config.JsonFields.check;
import static io.jitgate.config.JsonFields.strings;
import static io.jitgate.config.JsonFields.text;

import io.jitgate.config.JsonFolder;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a folder of resource files, one resource or template per {@code *.json} file, and checks
 * every one before any is served: a direct resource has an absolute {@code uri} and exactly one of
 * {@code text} and {@code blob} (base64); a template has a {@code uriTemplate} with simple
 * variables, a {@code text} to fill and, optionally, {@code completions} for its variables. URIs
 * and names are unique. Every problem in every file is reported together.
 */
public final class ResourceLoader {
    private static final Set<String> COMMON = Set.of("name", "title", "description", "mimeType");
    private static final Set<String> FIXED_FIELDS = union(COMMON, Set.of("uri", "text", "blob"));
    private static final Set<String> TEMPLATE_FIELDS = union(COMMON, Set.of("uriTemplate", "text", "completions"));

    private ResourceLoader() {
    }

    public static ResourceCatalog load(Path dir) {
        List<String> problems = new ArrayList<>();
        List<ResourceCatalog.Fixed> fixed = new ArrayList<>();
        List<ResourceCatalog.Template> templates = new ArrayList<>();
        Set<String> uris = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Map.Entry<Path, JsonObject> file : JsonFolder.read(dir, "resourcesDir", problems).entrySet()) {
            String at = file.getKey() + ": ";
            JsonObject json = file.getValue();
            try {
                if (json.containsKey("uriTemplate")) {
                    ResourceCatalog.Template t = template(json, at);
                    if (!uris.add(t.info().uriTemplate())) {
                        throw new IllegalArgumentException(at + "uriTemplate " + t.info().uriTemplate() + " is declared twice");
                    }
                    if (!names.add(t.info().name())) {
                        throw new IllegalArgumentException(at + "name " + t.info().name() + " is declared twice");
                    }
                    templates.add(t);
                } else {
                    ResourceCatalog.Fixed f = fixed(json, at);
                    if (!uris.add(f.info().uri())) {
                        throw new IllegalArgumentException(at + "uri " + f.info().uri() + " is declared twice");
                    }
                    if (!names.add(f.info().name())) {
                        throw new IllegalArgumentException(at + "name " + f.info().name() + " is declared twice");
                    }
                    fixed.add(f);
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        JsonFolder.refuseIfAny("resources in " + dir, problems);
        return new ResourceCatalog(fixed, templates);
    }

    private static ResourceCatalog.Fixed fixed(JsonObject json, String at) {
        check(JsonFolder.unknownField(json, FIXED_FIELDS, at));
        String uri = text(json, "uri", at, true);
        try {
            if (!new URI(uri).isAbsolute()) {
                throw new IllegalArgumentException(at + "uri must be absolute (with a scheme), but was " + uri);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(at + "uri is not a URI: " + e.getMessage());
        }
        ResourceInfo info = new ResourceInfo(uri, text(json, "name", at, true), text(json, "title", at, false),
                text(json, "description", at, true), text(json, "mimeType", at, false));
        String text = text(json, "text", at, false);
        String blob = text(json, "blob", at, false);
        if ((text == null) == (blob == null)) {
            throw new IllegalArgumentException(at + "needs exactly one of text and blob (base64)");
        }
        JsonObject contents = new JsonObject().put("uri", uri);
        if (info.mimeType() != null) {
            contents.put("mimeType", info.mimeType());
        }
        if (blob != null) {
            try {
                Base64.getDecoder().decode(blob);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + "blob is not base64: " + e.getMessage());
            }
            contents.put("blob", blob);
        } else {
            contents.put("text", text);
        }
        return new ResourceCatalog.Fixed(info, contents);
    }

    private static ResourceCatalog.Template template(JsonObject json, String at) {
        check(JsonFolder.unknownField(json, TEMPLATE_FIELDS, at));
        String uriTemplate = text(json, "uriTemplate", at, true);
        UriTemplate parsed;
        try {
            parsed = new UriTemplate(uriTemplate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "uriTemplate: " + e.getMessage());
        }
        ResourceTemplateInfo info = new ResourceTemplateInfo(uriTemplate, text(json, "name", at, true),
                text(json, "title", at, false), text(json, "description", at, true), text(json, "mimeType", at, false));
        String text = text(json, "text", at, true);
        Map<String, List<String>> completions = new LinkedHashMap<>();
        Object given = json.getValue("completions");
        if (given != null) {
            if (!(given instanceof JsonObject values)) {
                throw new IllegalArgumentException(at + "completions must map variables to lists of values, but was " + given);
            }
            for (String variable : values.fieldNames()) {
                if (!parsed.variables().contains(variable)) {
                    throw new IllegalArgumentException(at + "completions names {" + variable + "}, which uriTemplate does not have");
                }
                completions.put(variable, strings(values.getValue(variable), at + "completions." + variable));
            }
        }
        return new ResourceCatalog.Template(info, parsed, text, completions);
    }


    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
