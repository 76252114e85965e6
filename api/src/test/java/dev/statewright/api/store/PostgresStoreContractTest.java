package dev.statewright.api.store;

import dev.statewright.api.store.postgres.PostgresOptions;
import dev.statewright.api.store.postgres.PostgresStore;
import dev.statewright.api.store.postgres.TestPostgres;

/** The PostgreSQL store keeps the store's contract, each test on a database of its own. */
class PostgresStoreContractTest extends StoreContractTest {

    @Override
    protected Store open() {
        return PostgresStore.open(TestPostgres.server().newDatabaseUrl(), PostgresOptions.defaults());
    }
}
