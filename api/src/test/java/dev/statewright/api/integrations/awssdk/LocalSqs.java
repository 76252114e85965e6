package dev.statewright.api.integrations.awssdk;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import java.net.URI;

/** A real SQS for tests: ElasticMQ in this JVM, on a free port. */
final class LocalSqs implements AutoCloseable {
    private final SQSRestServer server;
    private final URI endpoint;

    LocalSqs() {
        server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
        int port = server.waitUntilStarted().localAddress().getPort();
        endpoint = URI.create("http://127.0.0.1:" + port);
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
