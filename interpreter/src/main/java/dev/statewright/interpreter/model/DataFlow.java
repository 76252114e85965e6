package dev.statewright.interpreter.model;

import dev.statewright.interpreter.jsonata.JsonataTemplate;
import dev.statewright.interpreter.json.ReferencePath;

import java.util.Map;

/**
 * The input and output processing of a state.
 *
 * <p>JSONPath states, in AWS's order: InputPath, Parameters, (the state's work), ResultSelector,
 * ResultPath, OutputPath. A path field is "$" when absent and null when the definition gives JSON
 * null, which AWS treats specially; ResultPath is parsed once, here. Fields a state type does not
 * have are absent (templates null, paths "$").
 *
 * <p>JSONata states ({@code jsonata} true) have only Arguments and Output, plus expressions for
 * the fields their type takes ({@code expressions}, by field name: Seconds, Items, Error, ...);
 * their path fields keep the neutral values above.
 *
 * @param assign the state's Assign, or null
 */
public record DataFlow(
        String inputPath,
        PayloadTemplate parameters,
        PayloadTemplate resultSelector,
        ReferencePath resultPath,
        String outputPath,
        boolean jsonata,
        Assignment assign,
        JsonataTemplate arguments,
        JsonataTemplate output,
        Map<String, JsonataTemplate> expressions) {
    public static final DataFlow DEFAULT = new DataFlow("$", null, null, ReferencePath.ROOT, "$");

    public DataFlow {
        expressions = Map.copyOf(expressions);
    }

    /** A JSONPath state's data flow. */
    public DataFlow(String inputPath, PayloadTemplate parameters, PayloadTemplate resultSelector, ReferencePath resultPath,
                    String outputPath) {
        this(inputPath, parameters, resultSelector, resultPath, outputPath, false, null, null, null, Map.of());
    }

    /** A JSONata state's data flow. */
    public static DataFlow jsonata(Assignment assign, JsonataTemplate arguments, JsonataTemplate output,
                                   Map<String, JsonataTemplate> expressions) {
        return new DataFlow("$", null, null, ReferencePath.ROOT, "$", true, assign, arguments, output, expressions);
    }

    public DataFlow withAssign(Assignment newAssign) {
        return new DataFlow(inputPath, parameters, resultSelector, resultPath, outputPath, jsonata, newAssign, arguments,
                output, expressions);
    }

    /** The expression given for a field, or null. */
    public JsonataTemplate expression(String field) {
        return expressions.get(field);
    }
}
