package dev.statewright.api.auth;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A credentials file for tests, SDK clients that sign with its keys, and requests signed by hand. */
public final class TestCredentials {
    public static final String TEAM_KEY = "AKIDTEAMEXAMPLE00001";
    public static final String TEAM_SECRET = "team/secret+Key0000000000000000000000000";
    public static final String TEMP_KEY = "ASIATEMPEXAMPLE00002";
    public static final String TEMP_SECRET = "temp-secret-0000000000000000000000000000";
    public static final String TEMP_TOKEN = "FwoGZXIvYXdzEXAMPLEsessiontoken//+==";

    private TestCredentials() {
    }

    /** A credentials file with a long-term key ([team]), temporary credentials ([temporary]) and a profile of settings only. */
    public static Path write(Path directory) {
        Path file = directory.resolve("credentials");
        try {
            Files.writeString(file, """
                    # callers of the test service
                    [team]
                    aws_access_key_id = %s
                    aws_secret_access_key = %s

                    [temporary]
                    aws_access_key_id=%s
                    aws_secret_access_key=%s
                    aws_session_token=%s

                    [settings-only]
                    region = us-east-1
                    """.formatted(TEAM_KEY, TEAM_SECRET, TEMP_KEY, TEMP_SECRET, TEMP_TOKEN), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static SfnClient client(String endpoint, AwsCredentials credentials) {
        return SfnClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    public static SfnClient teamClient(int port) {
        return client("http://127.0.0.1:" + port, AwsBasicCredentials.create(TEAM_KEY, TEAM_SECRET));
    }

    public static AwsSessionCredentials temporary() {
        return AwsSessionCredentials.create(TEMP_KEY, TEMP_SECRET, TEMP_TOKEN);
    }

    /**
     * The header lines ("Name: value") that sign a JSON-protocol POST to {@code host}, as the SDK
     * signs it, at {@code signedAt}; the body the server receives must be {@code body}.
     */
    public static String[] signedHeaders(String host, String operation, String body, String key, String secret,
                                         String region, Instant signedAt) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).protocol("http")
                .host(host.contains(":") ? host.substring(0, host.indexOf(':')) : host)
                .encodedPath("/")
                .putHeader("Host", host)
                .putHeader("X-Amz-Target", "AWSStepFunctions." + operation)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .identity(AwsCredentialsIdentity.create(key, secret))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "states")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        List<String> lines = new ArrayList<>();
        lines.add("X-Amz-Date: " + signed.request().firstMatchingHeader("X-Amz-Date").orElseThrow());
        lines.add("Authorization: " + signed.request().firstMatchingHeader("Authorization").orElseThrow());
        // This signer signs the body's hash as a header too, as the SDKs for Java send it.
        lines.add("x-amz-content-sha256: " + signed.request().firstMatchingHeader("x-amz-content-sha256").orElseThrow());
        return lines.toArray(String[]::new);
    }
}
