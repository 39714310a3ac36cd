package io.jitgate.prompts;

/** Arguments of {@code prompts/get} that do not fit the prompt; the message names the argument. Cheap: no stack trace. */
public final class PromptArgumentsInvalid extends RuntimeException {
    public PromptArgumentsInvalid(String message) {
        super(message, null, false, false);
    }
}
