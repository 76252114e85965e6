package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a Map's iterations gave, and where it goes. Without a ResultWriter that exports, the
 * outputs are kept, in item order, for the Map's output (shaped by WriterConfig, if any). With one,
 * each child execution's result is shaped as the writer says and gathered per status; every
 * {@link #RESULTS_PER_FILE} of them become a result file written at once (AWS cuts its files at
 * 5 GB; smaller files keep this run's memory small), and at the end the rest, then the manifest
 * that lists every file. The Map's output is then {@code {"MapRunArn", "ResultWriterDetails"}}.
 */
final class MapResults {
    static final int RESULTS_PER_FILE = 1000;
    private static final List<String> STATUSES = List.of("SUCCEEDED", "FAILED", "PENDING");

    /** A child execution of a Distributed Map, as its result record names it. */
    record Child(int index, JsonNode input, Instant startDate) {
    }

    private final ResultWriterRequest writer;
    private final MapRunCalls calls;
    private final boolean exports;
    /** Kept outputs (or records), by index; unused when exporting. */
    private final List<JsonNode> kept = new ArrayList<>();
    private final java.util.BitSet keptSucceeded = new java.util.BitSet();
    /** Exporting: results not yet in a file, per status. */
    private final Map<String, ArrayNode> buffers = new LinkedHashMap<>();
    /** Exporting: the files written (or being written), per status, by part number: {"Key", "Size"} once answered. */
    private final Map<String, TreeMap<Integer, JsonNode>> files = new LinkedHashMap<>();
    private final Map<String, Integer> nextPart = new LinkedHashMap<>();
    private String mapRunArn;
    private int redriveCount;
    private Consumer<StatesException> onFailure;
    private Runnable whenWritten;
    private boolean failed;

    MapResults(ResultWriterRequest writer, MapRunCalls calls) {
        this.writer = writer;
        this.calls = calls;
        this.exports = writer != null && writer.exports();
        for (String status : STATUSES) {
            buffers.put(status, Json.NODES.arrayNode());
            files.put(status, new TreeMap<>());
            nextPart.put(status, 0);
        }
    }

    /**
     * A redriven run writes into the same Map Run's files: it goes on from the parts the earlier run
     * wrote, and takes the results it had gathered of children that succeeded (those are not run again).
     */
    void continueFrom(MapResults earlier) {
        if (earlier == null || !exports || !earlier.exports) {
            return;
        }
        for (String status : STATUSES) {
            files.get(status).putAll(earlier.files.get(status));
            nextPart.put(status, earlier.nextPart.get(status));
        }
        buffers.get("SUCCEEDED").addAll(earlier.buffers.get("SUCCEEDED"));
    }

    boolean exports() {
        return exports;
    }

    /** The Map Run the results belong to (null for an inline Map), and how often it was redriven. */
    void mapRun(String arn, int redrives, Consumer<StatesException> failure) {
        this.mapRunArn = arn;
        this.redriveCount = redrives;
        this.onFailure = failure;
        if (exports) {
            writer.bucket(); // a missing Bucket fails the Map Run before any child runs
        }
    }

    /** A kept output, for a redrive that keeps the iteration. */
    JsonNode keptOutput(int index) {
        return index < kept.size() ? kept.get(index) : null;
    }

    /** Keeps a result a redrive carried over. */
    void keep(int index, JsonNode output) {
        if (!exports) {
            put(index, output, true);
        }
    }

    void succeeded(Child child, JsonNode output, Instant stopDate) {
        if (!exports) {
            put(child.index(), needsRecords() ? record(child, "SUCCEEDED", output, null, stopDate) : output, true);
            return;
        }
        gather("SUCCEEDED", record(child, "SUCCEEDED", output, null, stopDate), output, true);
    }

    void failed(Child child, StatesException failure, Instant stopDate) {
        if (!exports) {
            put(child.index(), needsRecords() ? record(child, "FAILED", null, failure, stopDate)
                    : EventDetails.errorOutput(failure), false);
            return;
        }
        gather("FAILED", record(child, "FAILED", null, failure, stopDate), null, false);
    }

    private boolean needsRecords() {
        return writer != null && writer.transformation() == ResultWriterRequest.Transformation.NONE && mapRunArn != null;
    }

    private void put(int index, JsonNode value, boolean succeeded) {
        while (kept.size() <= index) {
            kept.add(null);
        }
        kept.set(index, value);
        keptSucceeded.set(index, succeeded);
    }

    /** The Map's output from the kept results, in item order. */
    ArrayNode keptOutput() {
        ArrayNode result = Json.NODES.arrayNode(kept.size());
        for (int index = 0; index < kept.size(); index++) {
            JsonNode value = kept.get(index);
            boolean succeeded = keptSucceeded.get(index);
            if (writer == null || writer.transformation() != ResultWriterRequest.Transformation.FLATTEN
                    || !succeeded || !(value instanceof ArrayNode elements)) {
                result.add(value);
            } else {
                result.addAll(elements);
            }
        }
        return result;
    }

    private void gather(String status, ObjectNode record, JsonNode output, boolean succeeded) {
        ArrayNode buffer = buffers.get(status);
        writer.addShaped(buffer, record, output, succeeded);
        if (buffer.size() >= RESULTS_PER_FILE) {
            writePart(status);
        }
    }

    private void writePart(String status) {
        ArrayNode results = buffers.put(status, Json.NODES.arrayNode());
        int number = nextPart.merge(status, 1, Integer::sum) - 1;
        files.get(status).put(number, null);
        ResultWrite.Part part = new ResultWrite.Part(writer, mapRunArn, status, number, results);
        calls.call(writer.resource(), part.asTaskInput(), StatesErrors.RESULT_WRITER_FAILED, "result writer",
                (answer, failure) -> partWritten(status, number, answer, failure));
    }

    private void partWritten(String status, int number, JsonNode answer, Throwable failure) {
        if (failed) {
            return;
        }
        if (failure != null || answer == null || !answer.hasNonNull("Key")) {
            fail(failure, answer);
            return;
        }
        files.get(status).put(number, Json.object().put("Key", answer.get("Key").asText())
                .put("Size", answer.path("Size").asLong()));
        writeManifestWhenDone();
    }

    /**
     * Every child is done: the rest of the results go to files, then the manifest; {@code done}
     * gets the Map's output once it is written.
     */
    void finish(Consumer<JsonNode> done) {
        for (String status : STATUSES) {
            if (!buffers.get(status).isEmpty()) {
                writePart(status);
            }
        }
        whenWritten = () -> {
            ObjectNode listed = Json.object();
            for (String status : List.of("FAILED", "PENDING", "SUCCEEDED")) { // AWS's manifest lists them so
                ArrayNode list = listed.putArray(status);
                files.get(status).values().forEach(list::add);
            }
            ResultWrite.Manifest manifest = new ResultWrite.Manifest(writer, mapRunArn, listed);
            calls.call(writer.resource(), manifest.asTaskInput(), StatesErrors.RESULT_WRITER_FAILED, "result writer",
                    (answer, failure) -> {
                        if (failed) {
                            return;
                        }
                        if (failure != null || answer == null || !answer.hasNonNull("Key")) {
                            fail(failure, answer);
                            return;
                        }
                        ObjectNode output = Json.object().put("MapRunArn", mapRunArn);
                        output.putObject("ResultWriterDetails").put("Bucket", answer.path("Bucket").asText(writer.bucket()))
                                .put("Key", answer.get("Key").asText());
                        done.accept(output);
                    });
        };
        writeManifestWhenDone();
    }

    private void writeManifestWhenDone() {
        if (whenWritten == null || calls.busy()) {
            return;
        }
        for (TreeMap<Integer, JsonNode> written : files.values()) {
            if (written.containsValue(null)) {
                return;
            }
        }
        Runnable manifest = whenWritten;
        whenWritten = null;
        manifest.run();
    }

    private void fail(Throwable failure, JsonNode answer) {
        failed = true;
        StatesException error = failure == null
                ? new StatesException(StatesErrors.RESULT_WRITER_FAILED, "The result writer for " + writer.resource()
                + " answered without a Key: " + (answer == null ? "null" : Json.write(answer)))
                : StatesException.fromTaskFailure(failure);
        onFailure.accept(error.error().equals(StatesErrors.RESULT_WRITER_FAILED) ? error
                : new StatesException(StatesErrors.RESULT_WRITER_FAILED, error.cause()));
    }

    /**
     * A child execution's record, as AWS writes it in a result file (and as Transformation NONE
     * shows it): its ARN and name (derived from the Map Run and the item's index, the same at every
     * replay), input and output as JSON strings, status, dates, and for a failure its error and cause.
     */
    private ObjectNode record(Child child, String status, JsonNode output, StatesException failure, Instant stopDate) {
        String name = MapRunChild.name(mapRunArn, child.index());
        ObjectNode record = Json.object();
        record.put("ExecutionArn", MapRunChild.executionArn(mapRunArn, name));
        record.put("Input", Json.write(child.input()));
        record.putObject("InputDetails").put("Included", true);
        record.put("Name", name);
        if (output != null) {
            record.put("Output", Json.write(output));
            record.putObject("OutputDetails").put("Included", true);
        }
        if (failure != null) {
            if (failure.error() != null) {
                record.put("Error", failure.error());
            }
            if (failure.cause() != null) {
                record.put("Cause", failure.cause());
            }
        }
        record.put("RedriveCount", redriveCount);
        boolean succeeded = "SUCCEEDED".equals(status);
        record.put("RedriveStatus", succeeded ? "NOT_REDRIVABLE" : "REDRIVABLE_BY_MAP_RUN");
        record.put("RedriveStatusReason", succeeded ? "Execution is SUCCEEDED and cannot be redriven"
                : "Execution is a Child Execution of Map Run");
        record.put("StartDate", child.startDate().truncatedTo(ChronoUnit.MILLIS).toString());
        record.put("StateMachineArn", MapRunChild.stateMachineArn(mapRunArn));
        record.put("Status", status);
        record.put("StopDate", stopDate.truncatedTo(ChronoUnit.MILLIS).toString());
        return record;
    }
}
