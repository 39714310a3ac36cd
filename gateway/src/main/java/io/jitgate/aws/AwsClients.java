package io.jitgate.aws;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sts.StsAsyncClient;

/**
 * One async client per service, shared by every call, on one Netty HTTP client. The clients have no
 * credentials of their own: their default provider throws, so a request that forgets the call's
 * credentials fails loudly instead of signing with something ambient.
 */
public final class AwsClients implements AutoCloseable {
    /** The default provider of the shared clients: it refuses, always. */
    static final AwsCredentialsProvider NO_AMBIENT_CREDENTIALS = () -> {
        throw new IllegalStateException("AWS request sent without per-call credentials");
    };

    private final SdkAsyncHttpClient http;
    private final S3AsyncClient s3;
    private final DynamoDbAsyncClient dynamoDb;
    private final SqsAsyncClient sqs;
    private final StsAsyncClient sts;

    public AwsClients(AwsEndpoints endpoints) {
        this.http = NettyNioAsyncHttpClient.builder()
                .maxConcurrency(256)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        var s3Builder = configure(S3AsyncClient.builder(), endpoints).forcePathStyle(endpoints.s3PathStyle());
        if (endpoints.checksumsWhenRequired()) {
            s3Builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        this.s3 = s3Builder.build();
        this.dynamoDb = configure(DynamoDbAsyncClient.builder(), endpoints).build();
        this.sqs = configure(SqsAsyncClient.builder(), endpoints).build();
        this.sts = configure(StsAsyncClient.builder(), endpoints).build();
    }

    private <B extends AwsAsyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> B configure(B builder, AwsEndpoints endpoints) {
        builder.httpClient(http)
                .region(Region.of(endpoints.region()))
                .credentialsProvider(NO_AMBIENT_CREDENTIALS)
                // The gateway decides about retries (idempotent tools only, see ExecuteStage), not the SDK.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        endpoints.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    public S3AsyncClient s3() {
        return s3;
    }

    public DynamoDbAsyncClient dynamoDb() {
        return dynamoDb;
    }

    public SqsAsyncClient sqs() {
        return sqs;
    }

    public StsAsyncClient sts() {
        return sts;
    }

    @Override
    public void close() {
        s3.close();
        dynamoDb.close();
        sqs.close();
        sts.close();
        http.close();
    }
}
