package dev.statewright.interpreter.jsonata;

import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;

/**
 * States.QueryEvaluationError: a JSONata expression failed, or gave nothing, or gave a value of
 * the wrong type for its field. {@code field} names where, as AWS does ({@code Arguments/Name}).
 */
public final class QueryEvaluationError extends StatesException {
    private final String field;

    public QueryEvaluationError(String field, String cause) {
        super(StatesErrors.QUERY_EVALUATION_ERROR, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** Keeps the kind (and the field) when the engine adds where the state was entered. */
    @Override
    public StatesException withCause(String newCause) {
        return new QueryEvaluationError(field, newCause);
    }

    static QueryEvaluationError undefined(String expression, String field) {
        return new QueryEvaluationError(field, "The JSONata expression '" + expression + "' specified for the field '"
                + field + "' returned nothing (undefined).");
    }

    static QueryEvaluationError failed(String expression, String field, String detail) {
        return new QueryEvaluationError(field, "The JSONata expression '" + expression + "' specified for the field '"
                + field + "' threw an error during evaluation. " + detail);
    }

    static QueryEvaluationError unsupported(String expression, String field) {
        return new QueryEvaluationError(field, "The JSONata expression '" + expression + "' specified for the field '"
                + field + "' returned an unsupported result type.");
    }

    /** A result of the wrong JSON type, as AWS words it: "Expected 'array', but was 'number' for value: 1". */
    public static QueryEvaluationError unexpectedType(String expression, String field, String expected, String actual,
                                                      String valueJson) {
        return new QueryEvaluationError(field, "The JSONata expression '" + expression + "' specified for the field '"
                + field + "' returned an unexpected result type. Expected '" + expected + "', but was '" + actual
                + "' for value: " + valueJson);
    }
}
