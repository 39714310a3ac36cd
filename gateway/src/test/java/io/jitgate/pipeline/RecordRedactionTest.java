package io.jitgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.audit.AuditSettings;
import io.jitgate.audit.HashChain;
import io.jitgate.audit.PromptStorage;
import io.jitgate.audit.Rotation;
import io.vertx.core.json.JsonObject;
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
}
