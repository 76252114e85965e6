package dev.statewright.api.integrations.awssdk;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

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

    @Override
    public void close() throws Exception {
        proxy.stop();
        blobs.close();
    }
}
