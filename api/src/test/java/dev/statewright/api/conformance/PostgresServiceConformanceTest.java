package dev.statewright.api.conformance;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.store.postgres.TestPostgres;

/**
 * The service's whole conformance suite on the PostgreSQL store, each service on a database of its
 * own: every case the embedded run passes passes here too, and the same cases fail.
 */
class PostgresServiceConformanceTest extends ServiceConformanceTest {

    @Override
    protected ServiceConfig onStore(ServiceConfig config) {
        return config.withDatabase(TestPostgres.server().newDatabase(), config.postgres());
    }
}
