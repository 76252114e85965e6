package dev.statewright.api.store;

import java.time.Instant;
import java.util.List;

/**
 * An alias of a state machine ({@code ...:stateMachine:name:aliasName}): a name that routes each
 * start to one of one or two published versions, by weights that add up to 100.
 */
public record StateMachineAliasRecord(String arn, String name, String stateMachineArn, String description,
                                      List<Route> routing, Instant creationDate, Instant updateDate) {
    public StateMachineAliasRecord {
        routing = List.copyOf(routing);
    }

    /** One version an alias routes to, and the percentage of starts it gets. */
    public record Route(String stateMachineVersionArn, int weight) {
    }

    public StateMachineAliasRecord updated(String newDescription, List<Route> newRouting, Instant when) {
        return new StateMachineAliasRecord(arn, name, stateMachineArn, newDescription, newRouting, creationDate, when);
    }
}
