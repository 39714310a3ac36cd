package io.jitgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.audit.AuditSettings;
import io.jitgate.audit.HashChain;
import io.jitgate.audit.PromptStorage;
import io.jitgate.audit.Rotation;
import io.jitgate.aws.AwsOperations;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolDefinition;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RecordRedactionTest {
    static final Intent INTENT = new Intent("audit", "T-1", "use key AKIAABCDEFGHIJKLMNOP for account 123456789012 please, thanks a lot");

    static RecordRedaction mode(PromptStorage storage) {
        return new RecordRedaction(new AuditSettings(storage, 30, Rotation.NEVER));
    }

    @Test
    void wholeKeepsThePromptAsGiven() {
        JsonObject intent = mode(PromptStorage.WHOLE).intent(INTENT);
        assertThat(intent.getString("prompt")).isEqualTo(INTENT.prompt());
        assertThat(intent.getString("promptStorage")).isEqualTo("whole");
    }

    @Test
    void digestKeepsAHashAndAShortMaskedExcerpt() {
        JsonObject intent = mode(PromptStorage.DIGEST).intent(INTENT);
        assertThat(intent.getString("prompt")).isNull();
        assertThat(intent.getString("promptSha256")).isEqualTo(HashChain.sha256(INTENT.prompt()));
        assertThat(intent.getString("promptExcerpt")).startsWith("use key ▒▒▒ for account ▒▒▒").endsWith("…")
                .doesNotContain("AKIA").doesNotContain("123456");
        assertThat(intent.getString("taskId")).isEqualTo("T-1");
    }

    @Test
    void noneKeepsOnlyWhetherThereWasAPrompt() {
        assertThat(mode(PromptStorage.NONE).intent(INTENT).encode()).doesNotContain("AKIA").contains("\"promptGiven\":true");
        assertThat(mode(PromptStorage.NONE).intent(Intent.NONE).getBoolean("promptGiven")).isFalse();
    }

    static ToolDefinition tool(String name) {
        Vertx vertx = Vertx.vertx();
        try {
            return new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn())
                    .load(Path.of(System.getProperty("jitgate.root", "..")).resolve("tools")).find(name).orElseThrow();
        } finally {
            vertx.close();
        }
    }

    @Test
    void argumentsTheToolMarksSensitiveAreReplacedAndTheCallKeepsItsOwn() {
        ToolDefinition write = tool("s3_write_object");
        assertThat(write.sensitiveArguments()).containsExactly("text");
        JsonObject given = new JsonObject().put("bucket", "b").put("key", "k").put("text", "the secret body");
        JsonObject recorded = RecordRedaction.DEFAULT.arguments(write, given);
        assertThat(recorded).isEqualTo(new JsonObject().put("bucket", "b").put("key", "k").put("text", RecordRedaction.REDACTED));
        assertThat(given.getString("text")).as("the call's own arguments are untouched").isEqualTo("the secret body");
        JsonObject withoutIt = new JsonObject().put("bucket", "b").put("key", "k");
        assertThat(RecordRedaction.DEFAULT.arguments(write, withoutIt)).as("an absent sensitive argument is not invented").isEqualTo(withoutIt);
        JsonObject whoamiArgs = new JsonObject().put("x", "y");
        assertThat(RecordRedaction.DEFAULT.arguments(tool("whoami"), whoamiArgs)).isSameAs(whoamiArgs);
    }

    @Test
    void aLargeCallIsBoundedAfterRedactionSoItsExcerptHoldsNoSensitiveValue() {
        String secret = "SECRET-" + "s".repeat(20_000);
        JsonObject given = new JsonObject().put("text", secret).put("bucket", "b").put("key", "k");
        JsonObject recorded = AuditRecords.boundedArguments(RecordRedaction.DEFAULT.arguments(tool("s3_write_object"), given));
        assertThat(recorded.encode()).doesNotContain("SECRET-");
        JsonObject big = AuditRecords.boundedArguments(new JsonObject().put("bucket", "b").put("key", "x".repeat(20_000)));
        assertThat(big.getBoolean("_truncated")).isTrue();
        assertThat(big.getString("excerpt")).hasSize(1024);
    }
}
