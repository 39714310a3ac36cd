package io.jitgate.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RequestTemplateTest {
    private final RequestTemplate template = new RequestTemplate(new JsonObject("""
            {"TableName": "t", "Key": {"id": "{{id}}"}, "Limit": "{{limit}}", "Prefix": "reports/{{year}}/", "Opt": "{{missing}}"}
            """));

    @Test
    void wholeReferencesKeepTheArgumentsTypeAndAbsentOnesAreDropped() throws Exception {
        JsonObject rendered = template.render(new JsonObject().put("id", "c-1").put("limit", 5).put("year", 2026));
        assertThat(rendered.getJsonObject("Key").getString("id")).isEqualTo("c-1");
        assertThat(rendered.getValue("Limit")).isEqualTo(5);
        assertThat(rendered.getString("Prefix")).isEqualTo("reports/2026/");
        assertThat(rendered.containsKey("Opt")).isFalse();
        assertThat(rendered.getString("TableName")).isEqualTo("t");
    }

    @Test
    void referencesAreCollectedFromNestedValues() throws Exception {
        assertThat(template.references()).containsExactlyInAnyOrder("id", "limit", "year", "missing");
        assertThat(template.parameterNames()).containsExactlyInAnyOrder("TableName", "Key", "Limit", "Prefix", "Opt");
    }

    @Test
    void replacementTextIsNotInterpretedAsAPattern() throws Exception {
        JsonObject rendered = new RequestTemplate(new JsonObject().put("K", "a/{{x}}")).render(new JsonObject().put("x", "$1\\y"));
        assertThat(rendered.getString("K")).isEqualTo("a/$1\\y");
    }
}
