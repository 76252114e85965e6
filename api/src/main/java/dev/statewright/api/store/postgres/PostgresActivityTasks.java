package dev.statewright.api.store.postgres;

import dev.statewright.api.store.SharedActivityTasks;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Activity tasks in the table {@code activity_tasks} (migration 005): added by the node that
 * drives the task's execution, taken by whichever node a worker polls. An addition notifies the
 * channel the lease keepers listen on, so a worker waiting on any node hears of it at once.
 */
final class PostgresActivityTasks implements SharedActivityTasks {
    private final DataSource pool;
    private final Leases leases;

    PostgresActivityTasks(DataSource pool, Leases leases) {
        this.pool = pool;
        this.leases = leases;
    }

    @Override
    public void add(String activityArn, String token, String input) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO activity_tasks (token, activity_arn,"
                    + " input) VALUES (?, ?, ?) ON CONFLICT (token) DO NOTHING")) {
                insert.setString(1, token);
                insert.setString(2, activityArn);
                insert.setString(3, input);
                insert.executeUpdate();
                Leases.notify(connection, Leases.ACTIVITY_TASK + activityArn);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                PostgresStore.rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw PostgresStore.refusal(e);
        }
    }

    @Override
    public Optional<Taken> take(String activityArn) {
        try (Connection connection = pool.getConnection();
             PreparedStatement take = connection.prepareStatement("DELETE FROM activity_tasks WHERE id = (SELECT id FROM"
                     + " activity_tasks WHERE activity_arn = ? ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                     + " RETURNING token, input")) {
            take.setString(1, activityArn);
            try (ResultSet rows = take.executeQuery()) {
                return rows.next() ? Optional.of(new Taken(rows.getString(1), rows.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw PostgresStore.refusal(e);
        }
    }

    @Override
    public void drop(String token) {
        update("DELETE FROM activity_tasks WHERE token = ?", token);
    }

    @Override
    public void dropAll(String activityArn) {
        update("DELETE FROM activity_tasks WHERE activity_arn = ?", activityArn);
    }

    private void update(String sql, String value) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw PostgresStore.refusal(e);
        }
    }

    @Override
    public void onArrival(Consumer<String> arrived) {
        leases.onActivityTask(arrived);
    }
}
