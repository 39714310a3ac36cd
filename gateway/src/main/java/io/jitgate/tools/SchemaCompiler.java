package io.jitgate.tools;

import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;

/**
 * Compiles tool schemas once, at load: a schema is first checked against the JSON Schema 2020-12
 * meta-schema, so a typo such as {@code "type": "strng"} fails the load instead of every call.
 */
public final class SchemaCompiler {
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
    private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
            .setDraft(Draft.DRAFT202012)
            .setBaseUri("https://jitgate.local/tools/")
            .setOutputFormat(OutputFormat.Basic);

    private final Validator metaValidator;

    public SchemaCompiler(FileSystem fileSystem) {
        SchemaRepository repository = SchemaRepository.create(OPTIONS).preloadMetaSchema(fileSystem, Draft.DRAFT202012);
        this.metaValidator = repository.validator(META_SCHEMA);
    }

    /**
     * Returns a validator for the schema, or throws {@link IllegalArgumentException} with the first
     * reason the schema itself is invalid.
     */
    public Validator compile(JsonObject schema) {
        OutputUnit result = metaValidator.validate(schema);
        if (!Boolean.TRUE.equals(result.getValid())) {
            throw new IllegalArgumentException(SchemaErrors.describe(result));
        }
        return Validator.create(JsonSchema.of(schema.copy()), OPTIONS);
    }

}
