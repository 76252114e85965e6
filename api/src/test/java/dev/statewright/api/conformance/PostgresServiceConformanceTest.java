package dev.statewright.api.conformance;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.store.postgres.TestPostgres;
import dev.statewright.interpreter.conformance.ConformanceCase;

import java.util.List;

/** The service's conformance suite on the PostgreSQL store: each service on a database of its own. */
class PostgresServiceConformanceTest extends ServiceConformanceTest {

    @Override
    protected ServiceConfig onStore(ServiceConfig config) {
        return config.withDatabase(TestPostgres.server().newDatabase(), config.postgres());
    }

    /** A sample: the embedded run (ServiceConformanceTest) runs every case through the same path. */
    @Override
    protected List<ConformanceCase> casesToRun(List<ConformanceCase> all) {
        return ConformanceSample.of(all);
    }
}
