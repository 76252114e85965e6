package dev.statewright.api.properties;

import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.properties.PropertyBudget;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.nio.file.Path;
import java.util.List;

/**
 * The service's two APIs under generated traffic, one service (on a data directory of its own)
 * per property: every request gets an answer within seconds, with a status and an AWS-shaped
 * body (see {@link AnswerShape}); and afterwards the service closes, a new one opens the same
 * directory, and every execution a start acknowledged reads back with the input it was given.
 * Tries and seeds: see {@link PropertyBudget}.
 */
@AddLifecycleHook(PropertyBudget.class)
class ApiProperties {
    private Path dataDirectory;
    private StatewrightService service;
    private final Session session = new Session();
    private Traffic traffic;

    @BeforeProperty
    void startService() {
        dataDirectory = ServiceRuns.newDataDirectory();
        service = ServiceRuns.start(dataDirectory, 0);
        traffic = new Traffic(new Wire(service.port()), session);
        ServiceRuns.createKnownResources(traffic);
    }

    /** The store's half of the property: what was acknowledged is there, before and after a restart. */
    @AfterProperty
    void restartAndReadBack() {
        try {
            ServiceRuns.assertAcknowledgedReadBack(service, session, "before the restart");
            service.close();
            service = ServiceRuns.start(dataDirectory, 0);
            ServiceRuns.assertAcknowledgedReadBack(service, session, "after the restart");
        } finally {
            service.close();
            ServiceRuns.delete(dataDirectory);
        }
    }

    @Provide
    Arbitrary<List<AwsRequests.AwsRequest>> awsRequests() {
        return AwsRequests.requests().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<RestRequests.RestRequest>> restRequests() {
        return RestRequests.requests().list().ofMinSize(1).ofMaxSize(6);
    }

    // Edge cases off: the pools hold the edges on purpose, and jqwik's own (empty lists, first
    // alternatives) crowd out the requests that reach deeper.
    @Property(tries = 120, edgeCases = EdgeCasesMode.NONE)
    void everyAwsRequestGetsAnAwsShapedAnswer(@ForAll("awsRequests") List<AwsRequests.AwsRequest> requests) {
        requests.forEach(traffic::send);
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void everyRestRequestGetsAnAwsShapedAnswer(@ForAll("restRequests") List<RestRequests.RestRequest> requests) {
        requests.forEach(traffic::send);
    }
}
