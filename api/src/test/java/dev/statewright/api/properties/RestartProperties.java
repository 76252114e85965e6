package dev.statewright.api.properties;

import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.properties.PropertyBudget;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.nio.file.Path;
import java.util.List;

/**
 * The store across a restart, one data directory per try: after generated traffic (mostly starts
 * with generated inputs, among any other requests of both APIs), the service closes, a new one
 * opens the directory, and every acknowledged execution reads back with its input, the state
 * machines are as they were, and what had ended reads back exactly. Waits run in real time here,
 * so executions parked in an hour's Wait or waiting for a worker are resumed by the new service.
 * Tries and seeds: see {@link PropertyBudget}.
 */
@AddLifecycleHook(PropertyBudget.class)
class RestartProperties {

    @Provide
    Arbitrary<List<ApiCall>> traffic() {
        // Waits run in real time here: a machine changed to wait an hour would hold StartSyncExecution
        // that long (as on AWS), so the known machines are neither updated nor deleted.
        Arbitrary<AwsRequests.AwsRequest> others = AwsRequests.requests().filter(request -> request.target() == null
                || !request.target().endsWith(".UpdateStateMachine") && !request.target().endsWith(".DeleteStateMachine"));
        Arbitrary<ApiCall> call = Arbitraries.frequencyOf(Tuple.of(5, AwsRequests.starts()), Tuple.of(3, others),
                Tuple.of(2, RestRequests.requests()));
        return call.list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 15, edgeCases = EdgeCasesMode.NONE)
    void aRestartKeepsWhatWasAcknowledged(@ForAll("traffic") List<ApiCall> calls) {
        Path directory = ServiceRuns.newDataDirectory();
        Session session = new Session();
        StatewrightService service = ServiceRuns.start(directory, 1);
        try {
            Traffic traffic = new Traffic(new Wire(service.port()), session);
            ServiceRuns.createKnownResources(traffic);
            calls.forEach(call -> call.sendThrough(traffic));
            ServiceRuns.assertAcknowledgedReadBack(service, session, "before the restart");
            StoreSnapshot before = StoreSnapshot.take(new Wire(service.port()), session);
            service.close();

            service = ServiceRuns.start(directory, 1);
            ServiceRuns.assertAcknowledgedReadBack(service, session, "after the restart");
            before.assertKeptBy(StoreSnapshot.take(new Wire(service.port()), session));
        } finally {
            service.close();
            ServiceRuns.delete(directory);
        }
    }
}
