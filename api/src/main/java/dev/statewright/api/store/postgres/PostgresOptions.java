package dev.statewright.api.store.postgres;

import java.time.Duration;
import java.util.UUID;

/**
 * How a node uses the PostgreSQL store.
 *
 * @param nodeId         this node's name in the leases (a new one per start, by default)
 * @param lease          how long an execution stays with its owner without a renewal; another node
 *                       takes it over after that (renewed every third of it)
 * @param poolSize       the most connections this node holds
 * @param connectTimeout how long a connection may take before the database counts as unreachable
 * @param retention      how long a closed execution is kept after it ends (AWS keeps 90 days); null keeps all
 */
public record PostgresOptions(String nodeId, Duration lease, int poolSize, Duration connectTimeout, Duration retention) {
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);

    public PostgresOptions {
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException("A lease lasts at least 300 ms, not " + lease.toMillis() + " ms");
        }
    }

    public static PostgresOptions defaults() {
        return new PostgresOptions(newNodeId(), DEFAULT_LEASE, 8, Duration.ofSeconds(10), Duration.ofDays(90));
    }

    public PostgresOptions withLease(Duration duration) {
        return new PostgresOptions(nodeId, duration, poolSize, connectTimeout, retention);
    }

    public PostgresOptions withNodeId(String id) {
        return new PostgresOptions(id, lease, poolSize, connectTimeout, retention);
    }

    /** How long closed executions are kept; null keeps them all. */
    public PostgresOptions withRetention(Duration keepFor) {
        return new PostgresOptions(nodeId, lease, poolSize, connectTimeout, keepFor);
    }

    /** A short random name: unique enough among the nodes of one database, short enough to read in a log. */
    public static String newNodeId() {
        return "node-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
