package dev.statewright.api.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes on one fresh database (made at the first node), each a store with its own id and a long
 * lease, so no renewal round runs while a test plays a node that has stopped renewing. Closing it
 * closes every node opened (closing a node twice does nothing).
 */
final class NodesOfOneDatabase implements AutoCloseable {
    static final Duration LONG_LEASE = Duration.ofSeconds(60);

    private final List<PostgresStore> opened = new ArrayList<>();
    private DatabaseUrl url;

    PostgresStore node(String id) {
        PostgresStore store = PostgresStore.open(url(), PostgresOptions.defaults().withNodeId(id).withLease(LONG_LEASE));
        opened.add(store);
        return store;
    }

    DatabaseUrl url() {
        if (url == null) {
            url = TestPostgres.server().newDatabaseUrl();
        }
        return url;
    }

    /** A plain connection to the database, for a test that looks at or changes rows itself. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url().jdbcUrl(), url().user(), url().password());
    }

    @Override
    public void close() {
        opened.forEach(PostgresStore::close);
    }
}
