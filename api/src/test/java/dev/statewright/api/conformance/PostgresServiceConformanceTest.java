package dev.statewright.api.conformance;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.store.postgres.TestPostgres;

/** The service's conformance suite on the PostgreSQL store: each service on a database of its own. */
class PostgresServiceConformanceTest extends ServiceConformanceTest {

    @Override
    protected ServiceConfig onStore(ServiceConfig config) {
        return config.withDatabase(TestPostgres.server().newDatabase(), config.postgres());
    }
}
