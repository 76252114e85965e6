package dev.statewright.interpreter.model;

import dev.statewright.interpreter.json.ReferencePath;

/**
 * The input and output processing of a state, in AWS's order: InputPath, Parameters, (the state's
 * work), ResultSelector, ResultPath, OutputPath. A path field is "$" when absent and null when the
 * definition gives JSON null, which AWS treats specially; ResultPath is parsed once, here. Fields a state type does not have are
 * absent (templates null, paths "$").
 */
public record DataFlow(
        String inputPath,
        PayloadTemplate parameters,
        PayloadTemplate resultSelector,
        ReferencePath resultPath,
        String outputPath) {

    public static final DataFlow DEFAULT = new DataFlow("$", null, null, ReferencePath.ROOT, "$");
}
