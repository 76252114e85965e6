package dev.statewright.api.service;

import dev.statewright.api.store.MachineSettings;
import dev.statewright.api.store.MapDbStore;
import dev.statewright.api.store.StateMachineAliasRecord;
import dev.statewright.api.store.Store;
import dev.statewright.interpreter.model.StateMachineType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AWS's quotas on versions and aliases, which the SDK tests would take long to reach. */
class StateMachinesTest {
    private final Store store = MapDbStore.inMemory();
    private final StateMachines machines = new StateMachines(store, new Arns("us-east-1", "123456789012"),
            Clock.systemUTC(), (definition, type) -> { });

    @AfterEach
    void close() {
        store.close();
    }

    private static String definition(int n) {
        return "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Result\": " + n + ", \"End\": true}}}";
    }

    @Test
    void aMachineHasAtMostAThousandVersions() {
        String arn = machines.create("many", definition(0), "role", StateMachineType.STANDARD, Map.of(),
                MachineSettings.NONE, true, null).machine().arn();
        for (int n = 1; n < StateMachines.MAX_VERSIONS; n++) {
            machines.update(arn, definition(n), null, MachineSettings.NONE, true, null);
        }
        assertThat(machines.versions(arn)).hasSize(StateMachines.MAX_VERSIONS);
        assertThatThrownBy(() -> machines.update(arn, definition(-1), null, MachineSettings.NONE, true, null))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.type()).isEqualTo("ServiceQuotaExceededException"));
        machines.deleteVersion(arn + ":1");
        assertThat(machines.update(arn, definition(-1), null, MachineSettings.NONE, true, null).version().arn())
                .isEqualTo(arn + ":1001");
    }

    @Test
    void aMachineHasAtMostAHundredAliases() {
        String arn = machines.create("aliased", definition(0), "role", StateMachineType.STANDARD, Map.of(),
                MachineSettings.NONE, true, null).machine().arn();
        List<StateMachineAliasRecord.Route> routing = List.of(new StateMachineAliasRecord.Route(arn + ":1", 100));
        for (int n = 0; n < StateMachines.MAX_ALIASES; n++) {
            machines.createAlias("alias-" + n, null, routing);
        }
        assertThatThrownBy(() -> machines.createAlias("one-too-many", null, routing))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.type()).isEqualTo("ServiceQuotaExceededException"));
    }
}
