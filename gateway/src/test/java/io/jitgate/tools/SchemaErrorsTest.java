package io.jitgate.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import org.junit.jupiter.api.Test;

class SchemaErrorsTest {
    private final Validator validator = Validator.create(JsonSchema.of(new JsonObject("""
            {"type": "object", "additionalProperties": false, "required": ["bucket", "key"],
             "properties": {"bucket": {"type": "string", "minLength": 3}, "key": {"type": "string"}}}
            """)), new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://t/").setOutputFormat(OutputFormat.Basic));

    private String describe(String arguments) {
        return SchemaErrors.describe(validator.validate(new JsonObject(arguments)));
    }

    @Test
    void eachBadFieldIsNamedWithItsMostSpecificReason() {
        assertThat(describe("{\"bucket\": 12345, \"key\": \"k\"}")).isEqualTo("bucket: Instance type number is invalid. Expected string");
        assertThat(describe("{\"bucket\": \"ab\", \"key\": 1}"))
                .isEqualTo("bucket: String is too short (2 < 3); key: Instance type number is invalid. Expected string");
    }

    @Test
    void missingAndUnexpectedFieldsAreNamed() {
        assertThat(describe("{\"key\": \"k\"}")).isEqualTo("arguments: Instance does not have required property \"bucket\"");
        assertThat(describe("{\"bucket\": \"abc\", \"key\": \"k\", \"colour\": 1}")).startsWith("colour: ");
    }
}
