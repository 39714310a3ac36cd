package io.jitgate.pipeline;

import io.jitgate.audit.AuditSettings;
import io.jitgate.audit.HashChain;
import io.jitgate.audit.PromptStorage;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * What of a call's arguments and prompt the attribution record may hold: arguments a tool declares
 * sensitive become {@link #REDACTED}, and the prompt is kept whole, as a digest with a masked
 * excerpt, or not at all ({@link PromptStorage}).
 */
public final class RecordRedaction {
    public static final String REDACTED = "[redacted]";
    public static final RecordRedaction DEFAULT = new RecordRedaction(AuditSettings.DEFAULTS);
    /** AWS key ids, e-mail addresses, long token-like strings and long digit runs. */
    private static final Pattern SECRET_LIKE = Pattern.compile(
            "(?:AKIA|ASIA)[A-Z0-9]{12,}|[\\w.+-]+@[\\w-]+\\.[\\w.-]+|[A-Za-z0-9+/=_-]{24,}|\\d{6,}");

    private final PromptStorage prompt;
    private final int excerptChars;

    public RecordRedaction(AuditSettings settings) {
        this.prompt = settings.prompt();
        this.excerptChars = settings.promptExcerptChars();
    }

    /** The arguments as recorded: values of the tool's sensitive arguments replaced. */
    public JsonObject arguments(ToolDefinition tool, JsonObject arguments) {
        if (arguments == null || tool == null || tool.sensitiveArguments().isEmpty()) {
            return arguments;
        }
        JsonObject out = arguments.copy();
        for (String name : tool.sensitiveArguments()) {
            if (out.containsKey(name)) {
                out.put(name, REDACTED);
            }
        }
        return out;
    }

    /**
     * The intent as recorded. {@code prompt} holds the text only when storage is {@code whole};
     * {@code digest} adds {@code promptSha256} and {@code promptExcerpt}; {@code promptStorage} names the mode.
     */
    public JsonObject intent(Intent intent) {
        Intent i = intent == null ? Intent.NONE : intent;
        JsonObject out = new JsonObject().put("purpose", i.purpose()).put("taskId", i.taskId());
        String text = i.prompt();
        switch (prompt) {
            case WHOLE -> out.put("prompt", text);
            case DIGEST -> out.put("prompt", null)
                    .put("promptSha256", text == null ? null : HashChain.sha256(text))
                    .put("promptExcerpt", text == null ? null : excerpt(text));
            case NONE -> out.put("prompt", null).put("promptGiven", text != null);
        }
        return out.put("promptStorage", prompt.word());
    }

    String excerpt(String text) {
        String masked = SECRET_LIKE.matcher(text).replaceAll("▒▒▒");
        return masked.length() <= excerptChars ? masked : masked.substring(0, excerptChars) + "…";
    }
}
