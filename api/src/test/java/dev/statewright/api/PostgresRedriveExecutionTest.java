package dev.statewright.api;

import dev.statewright.api.store.postgres.TestPostgres;

/** {@link RedriveExecutionTest} again, on the PostgreSQL store (a database of its own per service). */
class PostgresRedriveExecutionTest extends RedriveExecutionTest {

    @Override
    protected ServiceConfig onStore(ServiceConfig config) {
        return config.withDatabase(TestPostgres.server().newDatabase(), config.postgres());
    }
}
