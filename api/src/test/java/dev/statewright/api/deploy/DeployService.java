package dev.statewright.api.deploy;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.util.UUID;

/** A service in memory, with its integrations as `serve` has them, and the SDK client a deployment tool would point at it. */
final class DeployService implements AutoCloseable {
    static final String ROLE = "arn:aws:iam::123456789012:role/deploy-role";
    static final String OTHER_ROLE = "arn:aws:iam::123456789012:role/other-role";

    private final StatewrightService service;
    final SfnClient sfn;

    private DeployService(StatewrightService service) {
        this.service = service;
        this.sfn = SfnTestClients.client(service.port());
    }

    static DeployService start() {
        return new DeployService(StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0)));
    }

    /** A name no other test of the run uses, so tests share one service without meeting. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A one-state machine whose result tells which definition ran. */
    static String definition(String result) {
        return "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Result\": \"" + result
                + "\", \"End\": true}}}";
    }

    @Override
    public void close() {
        sfn.close();
        service.close();
    }
}
