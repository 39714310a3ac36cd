package io.jitgate.aws;

import java.net.URI;
import java.util.Optional;

/**
 * Where the AWS clients send requests. In production only the region is set and the SDK finds the
 * real endpoints; in development {@code endpoint} points every service at one emulator, which also
 * needs path-style S3 addressing and checksums only where the API requires them.
 *
 * @param region            AWS region, for example {@code us-east-1}
 * @param endpoint          one endpoint for every service, or empty for AWS itself
 * @param s3PathStyle       address buckets in the path rather than the host name
 * @param checksumsWhenRequired compute S3 request checksums only where the API requires them
 */
public record AwsEndpoints(String region, Optional<URI> endpoint, boolean s3PathStyle, boolean checksumsWhenRequired) {
    public AwsEndpoints {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("aws.region must be set, but was " + region);
        }
    }
}
