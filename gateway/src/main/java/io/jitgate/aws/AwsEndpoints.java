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
 * @param accountId         the AWS account of the tool roles; needed only by tools whose credentials are
 *                          narrowed per call (their role ARN is {@code arn:aws:iam::<account>:role/jitgate-tool-<vaultRole>})
 */
public record AwsEndpoints(String region, Optional<URI> endpoint, boolean s3PathStyle, boolean checksumsWhenRequired,
        Optional<String> accountId) {
    private static final java.util.regex.Pattern ACCOUNT = java.util.regex.Pattern.compile("\\d{12}");

    public AwsEndpoints {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("aws.region must be set, but was " + region);
        }
        accountId = accountId == null ? Optional.empty() : accountId;
        if (accountId.isPresent() && !ACCOUNT.matcher(accountId.get()).matches()) {
            throw new IllegalArgumentException("aws.accountId must be 12 digits, but was '" + accountId.get() + "'");
        }
    }

    public AwsEndpoints(String region, Optional<URI> endpoint, boolean s3PathStyle, boolean checksumsWhenRequired) {
        this(region, endpoint, s3PathStyle, checksumsWhenRequired, Optional.empty());
    }
}
