package io.jitgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsFailuresTest {
    static AwsServiceException aws(int status, String code) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build()).build();
    }

    @Test
    void throttlingAnd5xxAreRetryableAndOutages() {
        for (AwsServiceException e : new AwsServiceException[] {aws(503, "SlowDown"), aws(400, "ThrottlingException"),
                aws(500, "InternalError"), aws(429, "TooManyRequests")}) {
            assertThat(AwsFailures.isRetryable(new CompletionException(e))).as(e.awsErrorDetails().errorCode()).isTrue();
            assertThat(AwsFailures.isOutage(e)).isTrue();
        }
    }

    @Test
    void aRefusalIsAnAnswerNotAnOutage() {
        AwsServiceException denied = aws(403, "AccessDenied");
        assertThat(AwsFailures.isRetryable(denied)).isFalse();
        assertThat(AwsFailures.isOutage(denied)).isFalse();
        assertThat(AwsFailures.word(denied)).isEqualTo("AccessDenied");
    }

    @Test
    void noAnswerIsAnOutageButNotRetried() {
        SdkClientException refused = SdkClientException.create("connection refused");
        assertThat(AwsFailures.isOutage(new CompletionException(refused))).isTrue();
        assertThat(AwsFailures.isRetryable(refused)).isFalse();
        assertThat(AwsFailures.word(refused)).isEqualTo("unreachable");
    }

    @Test
    void clockSkewIsRetryableButNotAnOutage() {
        AwsServiceException skewed = aws(403, "RequestTimeTooSkewed");
        assertThat(AwsFailures.isClockSkew(skewed)).isTrue();
        assertThat(AwsFailures.isRetryable(skewed)).isTrue();
        assertThat(AwsFailures.isOutage(skewed)).isFalse();
    }
}
