package dev.statewright.api.store.postgres;

import dev.statewright.api.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which database failures mean "not now" (the runtime suspends the execution and resumes it
 * later) and which mean the write itself was refused.
 */
class DatabaseFaultsTest {

    @Test
    void aSessionEndedForIdlingInATransactionIsUnavailableNotARefusal() {
        // What a node paused mid-group finds on waking: PostgreSQL ended its session (idle_in_transaction_session_timeout).
        SQLException ended = new SQLException("FATAL: terminating connection due to idle-in-transaction timeout", "25P03");
        assertThat(PostgresStore.isUnavailable(ended)).isTrue();
        assertThat(PostgresStore.refusal(new RuntimeException(ended))).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void lostConnectionsAndShutdownsAreUnavailableAndABadWriteIsRefused() {
        assertThat(PostgresStore.isUnavailable(new SQLException("gone", "08006"))).isTrue();
        assertThat(PostgresStore.isUnavailable(new SQLException("shutting down", "57P01"))).isTrue();
        assertThat(PostgresStore.isUnavailable(new SQLException("disk full", "53100"))).isTrue();
        SQLException duplicate = new SQLException("duplicate key value", "23505");
        assertThat(PostgresStore.isUnavailable(duplicate)).isFalse();
        assertThat(PostgresStore.refusal(duplicate)).isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("refused a write");
    }
}
