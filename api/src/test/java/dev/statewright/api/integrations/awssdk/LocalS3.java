package dev.statewright.api.integrations.awssdk;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.net.ServerSocket;
import java.net.URI;

/** A real S3 for tests: s3proxy over jclouds' in-memory blob store, in this JVM, on a free port. */
final class LocalS3 implements AutoCloseable {
    private final BlobStoreContext blobs;
    private final S3Proxy proxy;
    private final URI endpoint;

    LocalS3() throws Exception {
        blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        endpoint = URI.create("http://127.0.0.1:" + port);
        proxy = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        proxy.start(); // returns once its server listens
        if (!"STARTED".equals(proxy.getState())) {
            throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
        }
    }

    URI endpoint() {
        return endpoint;
    }

    /** A client of this S3 for a test to set up and check objects (the caller closes it). */
    S3Client client() {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        blobs.close();
    }
}
