package dev.statewright.api.store.postgres;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A node stopped right after it started stops at once: its keeper does not sleep through the wake-up. */
class KeeperStopTest {

    @Test
    void aStoreClosedRightAfterItOpenedClosesWithoutWaitingForTheKeepersRound() {
        DatabaseUrl url = TestPostgres.server().newDatabaseUrl();
        for (int i = 0; i < 3; i++) {
            // A minute's lease: a keeper that missed its wake-up would wait 20 s (the join gives up after 5).
            PostgresStore store = PostgresStore.open(url, PostgresOptions.defaults().withNodeId("quick-" + i)
                    .withLease(Duration.ofSeconds(60)));
            long start = System.nanoTime();
            store.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }
}
