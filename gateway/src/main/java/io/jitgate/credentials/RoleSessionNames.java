package io.jitgate.credentials;

import java.util.regex.Pattern;

/**
 * Derives the AWS role session name from the call id, so that AWS's own logs (CloudTrail) show the
 * same id as the attribution record. AWS accepts 2-64 characters of {@code [\w+=,.@-]}.
 */
public final class RoleSessionNames {
    public static final int MAX_LENGTH = 64;
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^\\w+=,.@-]");
    private static final String PREFIX = "jitgate-";

    private RoleSessionNames() {
    }

    public static String forCall(String callId) {
        String name = PREFIX + NOT_ALLOWED.matcher(callId).replaceAll("_");
        return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
    }
}
