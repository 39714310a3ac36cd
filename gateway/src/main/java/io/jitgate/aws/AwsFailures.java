package io.jitgate.aws;

import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * How the gateway classifies AWS failures: which are worth a retry (throttling, 5xx), and which mean
 * the service is out of order and count against its circuit breaker (those, no answer, timeouts).
 * A refusal such as AccessDenied is an answer, not an outage.
 */
public final class AwsFailures {
    private AwsFailures() {
    }

    public static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    public static boolean isThrottling(AwsServiceException e) {
        return e.isThrottlingException() || "SlowDown".equals(code(e)) || e.statusCode() == 429;
    }

    /**
     * The endpoint refused the request's signing time (the gateway's clock is off by more than AWS
     * allows, 5 minutes for SigV4). The SDK corrects its clock offset from the answer's Date header,
     * so a retry may succeed; the request was refused before anything ran.
     */
    public static boolean isClockSkew(AwsServiceException e) {
        String code = code(e);
        return "RequestTimeTooSkewed".equals(code) || "RequestExpired".equals(code) || "RequestInTheFuture".equals(code)
                || e.isClockSkewException();
    }

    /** Throttling, 5xx or clock skew: retried for idempotent tools only. */
    public static boolean isRetryable(Throwable t) {
        return unwrap(t) instanceof AwsServiceException aws && (isThrottling(aws) || aws.statusCode() >= 500 || isClockSkew(aws));
    }

    /** Counts against the service's breaker: throttling, 5xx, no answer, a timeout. */
    public static boolean isOutage(Throwable t) {
        Throwable root = unwrap(t);
        if (root instanceof AwsServiceException aws) {
            return isThrottling(aws) || aws.statusCode() >= 500;
        }
        return root instanceof SdkClientException || root instanceof ApiCallTimeoutException
                || root instanceof java.io.IOException;
    }

    /** A short word for metrics: the AWS error code, or the kind of failure. */
    public static String word(Throwable t) {
        Throwable root = unwrap(t);
        if (root instanceof AwsServiceException aws) {
            String code = code(aws);
            return code == null ? "http_" + aws.statusCode() : code;
        }
        if (root instanceof ApiCallTimeoutException) {
            return "timeout";
        }
        return "unreachable";
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
