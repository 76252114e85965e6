package dev.statewright.api.store.postgres;

import dev.statewright.api.store.NodeRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This node's row of the {@code nodes} table, which lists the nodes that use the database (what
 * the console's Nodes page shows). The node writes its row at its start, marks it seen at each of
 * its keeper's rounds (the database's clock), says where it serves once it listens, and marks it
 * stopped when it hands its leases back. A node counts as live while it was seen within its own
 * lease and has not stopped. A gone node's row is kept {@link #GONE_KEPT} after it was last seen,
 * and as long as it still holds leases, then a keeper round deletes it.
 */
final class NodeRegistry {
    /** How long a gone node stays listed after it was last seen (a PostgreSQL interval). */
    static final String GONE_KEPT = "1 hour";
    /** Gone rows are looked for at most this often: they are few and an hour old. */
    private static final long PRUNE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final String LIVE = "(n.stopped_at IS NULL AND n.seen_at >= now() - make_interval(secs => n.lease_seconds))";

    private final String nodeId;
    private final double leaseSeconds;
    private volatile Timestamp startedAt;
    private volatile String address;
    private long nextPrune = System.nanoTime(); // the keeper's own: the first round prunes

    NodeRegistry(String nodeId, long leaseMillis) {
        this.nodeId = nodeId;
        this.leaseSeconds = leaseMillis / 1000.0;
    }

    /** Writes this node's row anew (an id used before starts over: new start, not stopped, no address yet). */
    void register(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO nodes (id, lease_seconds) VALUES (?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET address = NULL, started_at = now(), seen_at = now(), stopped_at = NULL,"
                + " lease_seconds = excluded.lease_seconds RETURNING started_at")) {
            insert.setString(1, nodeId);
            insert.setDouble(2, leaseSeconds);
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                startedAt = rows.getTimestamp(1);
            }
        }
    }

    /** Where this node serves, once it listens. */
    void serving(Connection connection, String where) throws SQLException {
        address = where;
        try (PreparedStatement update = connection.prepareStatement("UPDATE nodes SET address = ? WHERE id = ?")) {
            update.setString(1, where);
            update.setString(2, nodeId);
            update.executeUpdate();
        }
    }

    /**
     * A keeper round: this node is alive now. Its row is written again if it was deleted (the node
     * was paused past {@link #GONE_KEPT}); now and then, rows of nodes long gone are deleted.
     */
    void seen(Connection connection) throws SQLException {
        int updated;
        try (PreparedStatement seen = connection.prepareStatement("UPDATE nodes SET seen_at = now() WHERE id = ?")) {
            seen.setString(1, nodeId);
            updated = seen.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO nodes (id, address, started_at,"
                    + " lease_seconds) VALUES (?, ?, coalesce(?, now()), ?) ON CONFLICT (id) DO UPDATE SET seen_at = now()")) {
                insert.setString(1, nodeId);
                insert.setString(2, address);
                insert.setTimestamp(3, startedAt);
                insert.setDouble(4, leaseSeconds);
                insert.executeUpdate();
            }
        }
        if (System.nanoTime() - nextPrune >= 0) {
            pruneGone(connection);
            nextPrune = System.nanoTime() + PRUNE_EVERY_NANOS;
        }
    }

    /** Deletes the rows of nodes gone for longer than {@link #GONE_KEPT} that hold no lease; returns how many. */
    static int pruneGone(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM nodes n WHERE n.seen_at < now() - interval '"
                + GONE_KEPT + "' AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.owner = n.id)")) {
            return delete.executeUpdate();
        }
    }

    /** This node stopped cleanly (in the transaction that hands its leases back). */
    void stopped(Connection connection) throws SQLException {
        try (PreparedStatement stop = connection.prepareStatement(
                "UPDATE nodes SET stopped_at = now(), seen_at = now() WHERE id = ?")) {
            stop.setString(1, nodeId);
            stop.executeUpdate();
        }
    }

    /** Every node listed, live ones first, then the latest started; each with the leases it holds. */
    List<NodeRecord> list(Connection connection) throws SQLException {
        List<NodeRecord> nodes = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT n.id, n.address, n.started_at, n.seen_at,"
                + " n.stopped_at, " + LIVE + " AS live, (SELECT count(*) FROM leases l WHERE l.owner = n.id)"
                + " FROM nodes n ORDER BY live DESC, n.started_at DESC, n.id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString(1);
                nodes.add(new NodeRecord(id, rows.getString(2), instant(rows.getTimestamp(3)), instant(rows.getTimestamp(4)),
                        instant(rows.getTimestamp(5)), rows.getBoolean(6), rows.getLong(7), id.equals(nodeId)));
            }
        }
        return nodes;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
