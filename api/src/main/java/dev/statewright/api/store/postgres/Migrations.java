package dev.statewright.api.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.logging.Logger;

/**
 * The schema as numbered SQL files (resources {@code migrations/NNN-name.sql} beside this class),
 * applied at start in order, each once: {@code schema_version} holds the number of every file
 * applied. A new change is a new file with the next number, named in {@link #FILES}; a file once
 * released is never edited. Nodes starting together take an advisory lock, so one applies them.
 */
final class Migrations {
    /** In order; the number before the dash is the version a file brings the schema to. */
    static final List<String> FILES = List.of("001-tables.sql", "002-leases.sql", "003-map-run-children.sql", "004-outbox.sql",
            "005-activity-tasks.sql", "006-outbox-owner.sql", "007-retention.sql",
            "008-inbox-replies.sql", "009-node-registry.sql", "010-event-chunks.sql",
            "011-no-definition-key.sql");
    /** Any number of our own, the same for every node: the lock that lets one node migrate at a time. */
    private static final long LOCK = 0x5374_6174_6577_7269L;
    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    private Migrations() {
    }

    /** Brings the schema up to the last file; returns the version it was at before. */
    static int apply(Connection connection) throws SQLException {
        return apply(connection, version(FILES.get(FILES.size() - 1)));
    }

    /** Brings the schema up to {@code target} (tests start from an older schema); returns the version before. */
    static int apply(Connection connection, int target) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY,"
                    + " file text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            int current;
            try (ResultSet rows = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                rows.next();
                current = rows.getInt(1);
            }
            int last = version(FILES.get(FILES.size() - 1));
            if (current > last) {
                throw new IllegalStateException("The database's schema is at version " + current + ", newer than this"
                        + " Statewright knows (" + last + "): a newer Statewright uses this database");
            }
            for (String file : FILES) {
                int version = version(file);
                if (version <= current || version > target) {
                    continue;
                }
                statement.execute(read(file));
                try (PreparedStatement applied = connection.prepareStatement(
                        "INSERT INTO schema_version (version, file) VALUES (?, ?)")) {
                    applied.setInt(1, version);
                    applied.setString(2, file);
                    applied.executeUpdate();
                }
                LOG.fine(() -> "Applied the migration " + file);
            }
            connection.commit();
            return current;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    static int version(String file) {
        return Integer.parseInt(file.substring(0, file.indexOf('-')));
    }

    private static String read(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + file)) {
            if (in == null) {
                throw new IllegalStateException("The migration " + file + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the migration " + file, e);
        }
    }
}
