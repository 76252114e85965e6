package dev.statewright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;

import java.util.Locale;

/**
 * Runs a Distributed Map over N items on the engine, for the scale mode, in a child JVM whose
 * heap the parent caps: {@code MapScaleProbe N} (a multiple of 1,000). The items come from
 * {@code $range} (which AWS caps at 1,000 items a call, hence one call per thousand) and the
 * Map's output is their count and sum, so no payload comes near AWS's 256 KiB limit (a real
 * Distributed Map reads its items from S3 and writes its results there). Prints one line:
 * {@code map STATUS COUNT SUM SECONDS PEAK_HEAP_MIB} or the error and cause.
 */
public final class MapScaleProbe {
    private MapScaleProbe() {
    }

    static String definition(int items) {
        return """
                {"QueryLanguage": "JSONata", "StartAt": "Fan", "States": {"Fan": {
                  "Type": "Map", "Items": "{% $range(0, ITEMS / 1000 - 1, 1).$range($ * 1000 + 1, $ * 1000 + 1000, 1) %}", "MaxConcurrency": 1000,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "Double", "States": {"Double": {"Type": "Pass", "Output": "{% $states.input * 2 %}", "End": true}}},
                  "Output": "{% {'count': $count($states.result), 'sum': $sum($states.result)} %}",
                  "End": true}}}
                """.replace("ITEMS", Integer.toString(items));
    }

    public static void main(String[] args) {
        int items = Integer.parseInt(args[0]);
        StateMachine machine = DefinitionParser.parse(definition(items));
        ProcessMemory.resetPeaks();
        long began = System.nanoTime();
        ExecutionResult result = new Engine(TaskHandlers.none()).run(machine, Json.object());
        double seconds = (System.nanoTime() - began) / 1e9;
        JsonNode output = result.output();
        if (output == null) {
            System.out.println("map " + result.status() + " " + result.error() + " " + result.cause());
            return;
        }
        System.out.println(String.format(Locale.ROOT, "map %s %d %d %.2f %.1f", result.status(),
                output.path("count").asLong(), output.path("sum").asLong(), seconds, ProcessMemory.peaks().heapMiB()));
    }
}
