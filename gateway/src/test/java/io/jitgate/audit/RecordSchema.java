package io.jitgate.audit;

import io.jitgate.tools.SchemaCompiler;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The documented record schema, {@code docs/audit-record.schema.json}, as a validator for tests. */
public final class RecordSchema {
    private final Validator validator;

    private RecordSchema(Validator validator) {
        this.validator = validator;
    }

    public static RecordSchema load() throws IOException {
        Path file = Path.of(System.getProperty("jitgate.root", "..")).resolve("docs/audit-record.schema.json");
        JsonObject schema = new JsonObject(Files.readString(file));
        return new RecordSchema(Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://jitgate.local/").setOutputFormat(OutputFormat.Basic)));
    }

    /** The first problem of a record against the schema, or empty when it conforms. */
    public Optional<String> problem(JsonObject record) {
        OutputUnit result = validator.validate(record);
        return Boolean.TRUE.equals(result.getValid()) ? Optional.empty() : Optional.of(io.jitgate.tools.SchemaErrors.describe(result)
                + (result.getErrors() == null ? "" : " " + result.getErrors()));
    }
}
