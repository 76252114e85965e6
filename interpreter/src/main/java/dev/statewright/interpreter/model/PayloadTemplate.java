package dev.statewright.interpreter.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.intrinsic.IntrinsicExpression;

import java.util.List;

/**
 * A compiled payload template (Parameters, ResultSelector, ItemSelector): constant parts kept as
 * JSON, {@code "key.$"} fields turned into paths or intrinsic calls. Parsed once with the definition.
 */
public sealed interface PayloadTemplate {

    /** A part with no {@code .$} key anywhere below it: used as it is. */
    record Constant(JsonNode value) implements PayloadTemplate {
    }

    /** An object some of whose fields are computed. */
    record ObjectTemplate(List<Field> fields) implements PayloadTemplate {
        public ObjectTemplate {
            fields = List.copyOf(fields);
        }
    }

    /** An array some of whose items are computed. */
    record ArrayTemplate(List<PayloadTemplate> items) implements PayloadTemplate {
        public ArrayTemplate {
            items = List.copyOf(items);
        }
    }

    /** A {@code "key.$": "$.path"} value: a path into the input or ({@code $$}) the context object. */
    record PathValue(String path) implements PayloadTemplate {
    }

    /** A {@code "key.$": "States.Fn(...)"} value. */
    record IntrinsicValue(String text, IntrinsicExpression.Call call) implements PayloadTemplate {
    }

    /**
     * One field of an object template.
     *
     * @param name      the output field name (without {@code .$})
     * @param sourceKey the key as written, for error messages ({@code value.$})
     */
    record Field(String name, String sourceKey, PayloadTemplate value) {
    }
}
