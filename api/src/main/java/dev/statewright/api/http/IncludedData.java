package dev.statewright.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What a Describe* answer carries (the model's IncludedData): everything, or only metadata, so a
 * caller without kms:Decrypt can still read a machine or an execution whose data is encrypted.
 */
enum IncludedData {
    ALL_DATA, METADATA_ONLY;

    private static final List<String> NAMES = List.of(ALL_DATA.name(), METADATA_ONLY.name());

    /** The request's includedData; ALL_DATA when absent, as AWS defaults it. */
    static IncludedData of(RequestFields request) {
        String value = request.optionalOneOf("includedData", NAMES);
        return value == null ? ALL_DATA : valueOf(value);
    }

    /** A DescribeExecution answer as asked for: metadata only leaves out the data and its details. */
    ObjectNode execution(ObjectNode described) {
        if (this == METADATA_ONLY) {
            described.remove(List.of("input", "inputDetails", "output", "outputDetails"));
        }
        return described;
    }

    /**
     * A DescribeStateMachine(ForExecution) answer as asked for: metadata only answers the
     * definition as "{}", as AWS documents it (the member is required, so it stays).
     */
    ObjectNode stateMachine(ObjectNode described) {
        if (this == METADATA_ONLY) {
            described.put("definition", "{}");
        }
        return described;
    }
}
