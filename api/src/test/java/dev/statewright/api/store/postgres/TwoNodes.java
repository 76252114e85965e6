package dev.statewright.api.store.postgres;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Two services ("node-a", "node-b") on one new PostgreSQL database, with an AWS SDK client for each. */
final class TwoNodes implements AutoCloseable {
    final StatewrightService a;
    final StatewrightService b;
    final SfnClient toA;
    final SfnClient toB;

    private TwoNodes(StatewrightService a, StatewrightService b) {
        this.a = a;
        this.b = b;
        this.toA = SfnTestClients.client(a.port());
        this.toB = SfnTestClients.client(b.port());
    }

    static TwoNodes start() {
        String database = TestPostgres.server().newDatabase();
        StatewrightService a = node(database, "node-a");
        try {
            return new TwoNodes(a, node(database, "node-b"));
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private static StatewrightService node(String database, String id) {
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(1);
        return StatewrightService.start(config.withDatabase(database, config.postgres().withNodeId(id)));
    }

    @Override
    public void close() {
        toA.close();
        toB.close();
        b.close();
        a.close();
    }
}
