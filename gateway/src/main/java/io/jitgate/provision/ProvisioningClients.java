package io.jitgate.provision;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.iam.IamAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * AWS clients for the development bootstrap, which runs while moto still accepts any signature
 * (so the placeholder key below is never a real credential).
 */
final class ProvisioningClients implements AutoCloseable {
    private static final StaticCredentialsProvider BOOTSTRAP =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("bootstrap", "bootstrap"));

    private final IamAsyncClient iam;
    private final S3AsyncClient s3;
    private final DynamoDbAsyncClient dynamoDb;
    private final SqsAsyncClient sqs;

    ProvisioningClients(URI endpoint, String region) {
        Region r = Region.of(region);
        this.iam = IamAsyncClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL).credentialsProvider(BOOTSTRAP).build();
        this.s3 = S3AsyncClient.builder().endpointOverride(endpoint).region(r).credentialsProvider(BOOTSTRAP)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
        this.dynamoDb = DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(r).credentialsProvider(BOOTSTRAP).build();
        this.sqs = SqsAsyncClient.builder().endpointOverride(endpoint).region(r).credentialsProvider(BOOTSTRAP).build();
    }

    IamAsyncClient iam() {
        return iam;
    }

    S3AsyncClient s3() {
        return s3;
    }

    DynamoDbAsyncClient dynamoDb() {
        return dynamoDb;
    }

    SqsAsyncClient sqs() {
        return sqs;
    }

    @Override
    public void close() {
        iam.close();
        s3.close();
        dynamoDb.close();
        sqs.close();
    }
}
