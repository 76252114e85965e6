package dev.statewright.interpreter.engine;

import dev.statewright.interpreter.jsonata.JsonataScope;
import dev.statewright.interpreter.jsonata.JsonataTemplate;
import dev.statewright.interpreter.jsonata.QueryEvaluationError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.RandomIds;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.MapState;

import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One attempt of a Map state: runs an iteration per item, at most MaxConcurrency at a time, and
 * gathers their outputs in item order. Iterations are branches on the execution's loop, not
 * threads. Distributed Map iterations are AWS child executions, so their events stay out of this
 * history, which shows MapRun events instead; a Distributed Map's run tells the execution's
 * {@link MapRunListener} how far it is, and takes new settings from UpdateMapRun
 * ({@link #update}).
 *
 * <p>A redriven attempt keeps the outputs of the iterations that succeeded before, and runs the
 * others: each failed or aborted one from the state where it stopped, each never started one from
 * its beginning. A Distributed Map's Map Run is redriven (MapRunRedriven, the same ARN) when it had
 * started, and started otherwise.
 */
final class MapRun implements Scope, BranchRun.Activity {
    private final BranchRun owner;
    private final StateVisit visit;
    private final MapState state;
    private final JsonNode input;
    private final Settings settings;
    private Tolerance tolerance;
    /** Where the iterations come from: the input's items, or the ItemReader's, a page at a time; null until known. */
    private MapItemFeed feed;
    /** Groups the items into batches where the Map has an ItemBatcher, else null. */
    private ItemBatcher batcher;
    /** Where the iterations' outputs go: kept for the Map's output, or written by a ResultWriter. */
    private MapResults results;
    private final Map<Integer, BranchRun> running = new HashMap<>();
    /** A Distributed Map's children under way: what their result records name. */
    private final Map<Integer, MapResults.Child> children = new HashMap<>();
    private final boolean distributed;
    private final int attempt;
    /** Which iterations succeeded (a redrive does not run them again). */
    private final BitSet succeeded = new BitSet();
    /** Iterations that failed or were aborted, by index: where a redrive takes them up. */
    private final Map<Integer, BranchRun> stopped = new HashMap<>();
    /** The run of this state a redrive goes on from, or null; its iterations count only for the same number of items. */
    private final MapRun previous;
    private MapRun earlier;
    /** The Map Run's calls besides its iterations: the ItemReader's pages, the ResultWriter's files. */
    private MapRunCalls calls;
    /** A Distributed Map's Map Run, once started (whether or not it is the execution's own), and how often it was redriven. */
    private String mapRunArn;
    private int mapRunRedrives;
    /** Whether the run is the execution's own, told to its listener and open to UpdateMapRun (not a child execution's). */
    private boolean reported;
    private int finishedCount;
    private int failedCount;
    private int succeededCount;
    private int abortedCount;
    private boolean over;
    /** At most this many iterations run at once (0: no limit); UpdateMapRun may change it. */
    private int maxConcurrency;
    /** The run's status and dates, as DescribeMapRun shows them. */
    private MapRunStatus status = MapRunStatus.RUNNING;
    private Instant startDate;
    private Instant stopDate;
    /** What every item's JSONata ItemSelector sees, but for the item itself. */
    private JsonataScope selectorScope;

    MapRun(BranchRun owner, StateVisit visit, MapState state, JsonNode input, Settings settings, MapRun earlier) {
        this.previous = earlier;
        this.owner = owner;
        this.visit = visit;
        this.state = state;
        this.input = input;
        this.settings = settings;
        this.distributed = state.mode() == MapState.ProcessorMode.DISTRIBUTED;
        this.attempt = visit.attempt;
        this.maxConcurrency = settings.maxConcurrency();
    }

    @Override
    public boolean isActive() {
        return !over && attempt == visit.attempt && owner.isActive();
    }

    void start() {
        // Items an ItemReader reads are not known yet: AWS shows them as none here.
        owner.emit(EventTypes.MAP_STATE_STARTED, Json.object().put("length",
                settings.items() == null ? 0 : settings.items().size()));
        ItemReaderRequest read = null;
        ResultWriterRequest writer = null;
        try {
            // AWS reads the tolerated failure settings (and the reader's and batcher's) after MapStateStarted,
            // the items and concurrency before it.
            boolean jsonata = state.dataFlow().jsonata();
            tolerance = jsonata ? Tolerance.resolveJsonata(state, owner.jsonataScope(visit))
                    : Tolerance.resolve(state, input, owner.context(visit));
            if (state.itemReader() != null) {
                read = jsonata ? ItemReaderRequest.resolveJsonata(state, owner.jsonataScope(visit))
                        : ItemReaderRequest.resolve(state, input, owner.context(visit), owner.dataFlow());
            }
            if (state.itemBatcher() != null) {
                batcher = jsonata ? ItemBatcher.resolveJsonata(state, owner.jsonataScope(visit))
                        : ItemBatcher.resolve(state, input, owner.context(visit), owner.dataFlow());
            }
            if (distributed && state.resultWriter() != null) {
                writer = jsonata ? ResultWriterRequest.resolveJsonata(state, owner.jsonataScope(visit))
                        : ResultWriterRequest.resolve(state, input, owner.context(visit), owner.dataFlow());
            }
        } catch (StatesException failure) {
            over = true;
            owner.failOwn(visit, failure);
            return;
        }
        calls = new MapRunCalls(owner.execution(), owner.engine(), state.name(), owner.context(visit));
        results = new MapResults(writer, calls);
        if (read == null) {
            feed = MapItemFeed.given(settings.items(), batcher);
            // A redrive runs on the same items from the same input; should their number differ, all run again.
            earlier = previous != null && previous.feed != null && previous.feed.allKnown()
                    && previous.feed.known() == feed.known() ? previous : null;
            if (owner.inspector() != null && substituted(owner.inspector())) {
                return;
            }
        } else {
            earlier = previous != null && previous.feed != null ? previous : null; // a reader reads the same items again
        }
        if (earlier != null) {
            results.continueFrom(earlier.results);
        }
        startMapRun();
        if (distributed) {
            try {
                results.mapRun(mapRunArn, mapRunRedrives, this::failRun);
            } catch (StatesException failure) {
                failRun(failure);
                return;
            }
        }
        if (read != null) {
            try {
                read.requireValid();
            } catch (StatesException invalid) {
                failRun(invalid);
                return;
            }
            feed = MapItemFeed.reading(read, batcher, calls, new MapItemFeed.Listener() {
                @Override
                public void itemsArrived() {
                    if (isActive()) {
                        fillSlots();
                    }
                }

                @Override
                public void readFailed(StatesException failure) {
                    if (isActive()) {
                        failRun(failure);
                    }
                }
            });
        }
        fillSlots();
    }

    /** How many iterations the run has, as far as they are known. */
    private int total() {
        return feed == null ? 0 : feed.known();
    }

    /** At most this many iterations are waiting to start before the next page is read. */
    private int readAhead() {
        return maxConcurrency <= 0 ? 10_000 : Math.max(maxConcurrency, 1); // AWS runs at most 10,000 children at once
    }

    /** A Distributed Map's Map Run starts, or a redrive takes up the one it had. */
    private void startMapRun() {
        if (!distributed) {
            return;
        }
        if (previous != null && previous.mapRunArn != null) {
            mapRunArn = previous.mapRunArn;
            mapRunRedrives = previous.mapRunRedrives + 1;
            owner.emit(EventTypes.MAP_RUN_REDRIVEN, Json.object().put("mapRunArn", mapRunArn)
                    .put("redriveCount", mapRunRedrives));
        } else {
            ExecutionInfo info = owner.execution().info();
            mapRunArn = info.stateMachineArn().replace(":stateMachine:", ":mapRun:")
                    + "/" + (state.label() != null ? state.label() : state.name()) + ":"
                    + RandomIds.uuid(owner.engine().random());
            owner.emit(EventTypes.MAP_RUN_STARTED, Json.object().put("mapRunArn", mapRunArn));
        }
        // A Map Run inside a Distributed Map's iteration belongs to that child execution, which is
        // not kept: only the execution's own Map Runs are told and take updates.
        reported = owner.isRecorded();
        if (reported) {
            startDate = previous != null && previous.startDate != null ? previous.startDate : owner.execution().loop().now();
            owner.execution().mapRunStarted(mapRunArn, this);
        }
    }

    /**
     * Starts items until MaxConcurrency of them run or none is ready (one a redrive keeps counts as
     * finished at once), asks the feed for more, and ends the run once every item is known and done.
     */
    private void fillSlots() {
        int limit = maxConcurrency <= 0 ? Integer.MAX_VALUE : maxConcurrency;
        while (isActive() && running.size() < limit) {
            MapItem item = feed.poll();
            if (item == null) {
                break;
            }
            if (earlier != null && earlier.succeeded.get(item.index())) {
                results.keep(item.index(), earlier.results.keptOutput(item.index())); // succeeded before the redrive
                succeeded.set(item.index());
                finishedCount++;
                succeededCount++;
            } else {
                launch(item);
            }
        }
        if (!isActive()) {
            return;
        }
        if (feed.allKnown() && failedCount > 0 && !tolerance.tolerates(failedCount, total(), true)) {
            failRun(thresholdExceeded()); // the last page made the failures so far too many
            return;
        }
        if (feed.allKnown() && finishedCount == total()) {
            succeed(); // every item done, or no items
            return;
        }
        if (!feed.allKnown()) {
            feed.want(readAhead());
        }
        changed();
    }

    /**
     * UpdateMapRun: new settings for this running Distributed Map. A higher MaxConcurrency starts
     * more items at once; a lower one lets the running items finish and starts no more until fewer
     * run. A new tolerance judges the failures so far at once, so the run fails now when they
     * already exceed it.
     */
    void update(MapRunUpdate update) {
        if (!isActive()) {
            return;
        }
        if (update.maxConcurrency() != null) {
            maxConcurrency = update.maxConcurrency();
        }
        if (update.toleratedFailureCount() != null || update.toleratedFailurePercentage() != null) {
            tolerance = new Tolerance(
                    update.toleratedFailureCount() != null ? update.toleratedFailureCount() : tolerance.count(),
                    update.toleratedFailurePercentage() != null ? update.toleratedFailurePercentage() : tolerance.percentage());
        }
        if (failedCount > 0 && !tolerance.tolerates(failedCount, total(), feed != null && feed.allKnown())) {
            failRun(thresholdExceeded());
            return;
        }
        fillSlots();
    }

    /** What DescribeMapRun shows of this run now. */
    private MapRunProgress progress() {
        return new MapRunProgress(mapRunArn, owner.execution().info().executionArn(), status, startDate, stopDate,
                Math.max(maxConcurrency, 0), tolerance == null ? null : tolerance.count(),
                tolerance == null ? null : tolerance.percentage(),
                new MapRunProgress.Counts(feed == null ? 0 : feed.readyCount(), running.size(), succeededCount, failedCount,
                        abortedCount, total()));
    }

    /** Tells the execution's listener that one of this run's child executions started or ended. */
    private void childChanged(MapResults.Child child, ExecutionStatus status, JsonNode output, StatesException failure,
                              Instant stopDate) {
        if (!reported || !owner.execution().hearsMapRunChildren()) {
            return; // each child's name is a digest: not worth making for nobody
        }
        String name = MapRunChild.name(mapRunArn, child.index());
        owner.execution().mapRunChildChanged(new MapRunChild(MapRunChild.executionArn(mapRunArn, name), name, mapRunArn,
                MapRunChild.stateMachineArn(mapRunArn), child.index(), mapRunRedrives, status, child.startDate(), stopDate, child.input(),
                output, failure == null ? null : failure.error(), failure == null ? null : failure.cause()));
    }

    /** Tells the execution's listener that this Distributed Map's run changed. */
    private void changed() {
        if (reported) {
            owner.execution().mapRunChanged(mapRunArn, this::progress);
        }
    }

    /** The run is over: it keeps its counts, and takes no more updates. */
    private void ended(MapRunStatus finalStatus) {
        if (!reported || status.isFinished()) {
            return;
        }
        status = finalStatus;
        stopDate = owner.execution().loop().now();
        changed();
        owner.execution().mapRunEnded(mapRunArn);
    }

    private void launch(MapItem item) {
        int index = item.index();
        BranchRun before = earlier != null ? earlier.stopped.get(index) : null;
        BranchRun.Unfinished from = before != null ? before.unfinished() : null;
        JsonNode iterationInput = null;
        if (from == null) {
            try {
                iterationInput = itemInput(item);
            } catch (StatesException failure) {
                abortIterations();
                ended(MapRunStatus.FAILED);
                owner.failOwn(visit, failure);
                return;
            }
        }
        long started = distributed ? 0 : owner.emit(EventTypes.MAP_ITERATION_STARTED, iterationDetails(index));
        // A Distributed Map's iterations are executions of their own, with variables of their own.
        Map<String, JsonNode> variables = from != null ? before.variables()
                : distributed ? java.util.Map.of() : owner.variables();
        BranchRun iteration = new BranchRun(owner.execution(), state.processor(), this, item, started,
                owner.isRecorded() && !distributed, distributed ? new BranchRun.ChildHistory() : owner.childHistory(),
                variables,
                output -> iterationSucceeded(index, output),
                failure -> iterationFailed(index, failure));
        running.put(index, iteration);
        if (distributed) {
            MapResults.Child child = new MapResults.Child(index, from != null ? from.input() : iterationInput,
                    owner.execution().loop().now());
            children.put(index, child);
            childChanged(child, ExecutionStatus.RUNNING, null, null, null);
        }
        if (from != null) {
            iteration.resume(from); // a failed or aborted iteration goes on where it stopped
        } else {
            iteration.enter(state.processor().startAt(), iterationInput);
        }
    }

    private void iterationSucceeded(int index, JsonNode output) {
        running.remove(index);
        succeeded.set(index);
        if (!distributed) {
            owner.emit(EventTypes.MAP_ITERATION_SUCCEEDED, iterationDetails(index));
            results.keep(index, output);
        } else {
            MapResults.Child child = children.remove(index);
            results.succeeded(child, output, owner.execution().loop().now());
            childChanged(child, ExecutionStatus.SUCCEEDED, output, null, owner.execution().loop().now());
        }
        succeededCount++;
        finishedOne();
    }

    private void iterationFailed(int index, StatesException failure) {
        if (!isActive()) {
            return;
        }
        BranchRun failed = running.remove(index);
        stopped.put(index, failed);
        if (!distributed) {
            owner.emit(EventTypes.MAP_ITERATION_FAILED, iterationDetails(index));
        }
        failedCount++;
        MapResults.Child child = children.remove(index);
        if (failure.isTerminal() || !tolerance.tolerates(failedCount, total(), feed.allKnown())) {
            StatesException error = tolerance.isSet() && !failure.isTerminal() ? thresholdExceeded() : failure;
            if (child != null) {
                childChanged(child, ExecutionStatus.FAILED, null, failure, owner.execution().loop().now());
            }
            abortIterations();
            ended(MapRunStatus.FAILED);
            failed.recordFailedStateAborted();
            if (distributed) {
                owner.emit(EventTypes.MAP_RUN_FAILED, EventDetails.errorAndCause(error));
            }
            owner.fail(visit, error);
            return;
        }
        if (child != null) {
            results.failed(child, failure, owner.execution().loop().now());
            childChanged(child, ExecutionStatus.FAILED, null, failure, owner.execution().loop().now());
        } else {
            results.keep(index, EventDetails.errorOutput(failure));
        }
        finishedOne();
    }

    /** The Map Run fails as a whole: a read that failed, or an update's tolerance the failures so far exceed. */
    private void failRun(StatesException error) {
        abortIterations();
        ended(MapRunStatus.FAILED);
        if (distributed) {
            owner.emit(EventTypes.MAP_RUN_FAILED, EventDetails.errorAndCause(error));
        }
        owner.fail(visit, error);
    }

    private static StatesException thresholdExceeded() {
        return new StatesException(StatesErrors.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                "The specified tolerated failure threshold was exceeded");
    }

    /**
     * TestState: shows the resolved settings, and when the inspector gives the Map's whole result,
     * uses it instead of running iterations, judging its simulated failures by the tolerance.
     */
    private boolean substituted(Inspector inspector) {
        inspector.step("maxConcurrency", Json.NODES.numberNode(settings.maxConcurrency()));
        if (tolerance.count() != null) {
            inspector.step("toleratedFailureCount", Json.NODES.numberNode(tolerance.count()));
        }
        if (tolerance.percentage() != null) {
            inspector.step("toleratedFailurePercentage", Json.NODES.numberNode(tolerance.percentage()));
        }
        JsonNode result = inspector.substituteResult(state, total());
        if (result == null) {
            return false;
        }
        over = true;
        int failures = inspector.simulatedIterationFailures();
        // AWS's TestState counts simulated failures only against a tolerance the Map sets.
        if (failures > 0 && tolerance.isSet() && !tolerance.tolerates(failures, total(), true)) {
            owner.fail(visit, thresholdExceeded());
        } else {
            owner.finishWithResult(visit, result);
        }
        return true;
    }

    /** Aborts every iteration still running, in item order, as AWS records them. */
    @Override
    public void abort() {
        if (calls != null) {
            calls.cancelAll();
        }
        abortIterations();
        ended(MapRunStatus.ABORTED); // unless it failed or succeeded first
    }

    private void abortIterations() {
        over = true;
        abortedCount += running.size();
        running.keySet().stream().sorted().forEach(index -> {
            running.get(index).abort();
            MapResults.Child child = children.remove(index);
            if (child != null) {
                childChanged(child, ExecutionStatus.ABORTED, null, null, owner.execution().loop().now());
            }
            stopped.put(index, running.get(index));
            if (!distributed) {
                owner.emit(EventTypes.MAP_ITERATION_ABORTED, iterationDetails(index));
            }
        });
        running.clear();
    }

    private void finishedOne() {
        finishedCount++;
        fillSlots();
    }

    /** Every item is done: the results are written where a ResultWriter exports them, then the Map succeeds. */
    private void succeed() {
        over = true;
        if (results.exports()) {
            results.finish(this::succeedWith);
            return;
        }
        succeedWith(results.keptOutput());
    }

    private void succeedWith(JsonNode result) {
        if (!(attempt == visit.attempt && owner.isActive())) {
            return;
        }
        ended(MapRunStatus.SUCCEEDED);
        if (distributed) {
            owner.emit(EventTypes.MAP_RUN_SUCCEEDED, null);
        }
        owner.emit(EventTypes.MAP_STATE_SUCCEEDED, null);
        owner.finishWithResult(visit, result);
    }

    /**
     * An iteration's input: the item, or what ItemSelector makes of it (in either query language);
     * with an ItemBatcher, a batch of such items.
     */
    private JsonNode itemInput(MapItem item) {
        if (batcher == null) {
            return selected(item);
        }
        ArrayNode selected = Json.NODES.arrayNode();
        int index = 0;
        for (JsonNode value : item.value()) {
            selected.add(selected(new MapItem(index++, value)));
        }
        return batcher.batch(selected);
    }

    private JsonNode selected(MapItem item) {
        if (state.dataFlow().jsonata()) {
            JsonataTemplate selector = state.dataFlow().expression("ItemSelector");
            if (selector == null) {
                return item.value();
            }
            if (selectorScope == null) {
                selectorScope = owner.jsonataScope(visit); // its input and variables are converted once for all items
            }
            return selector.evaluate(selectorScope.withContext(owner.context(visit, item)), "ItemSelector");
        }
        return state.itemSelector() == null ? item.value()
                : owner.dataFlow().template(state.itemSelector(), input, owner.context(visit, item));
    }

    private ObjectNode iterationDetails(int index) {
        return Json.object().put("name", state.name()).put("index", index);
    }

    /**
     * What a Map state works on, resolved at entry: its items (null where an ItemReader reads them)
     * and concurrency, from paths where given.
     */
    record Settings(ArrayNode items, int maxConcurrency) {

        static Settings resolve(MapState map, JsonNode input, Supplier<JsonNode> context) {
            ArrayNode array = null; // with an ItemReader, the reader's items, not the input's (AWS ignores ItemsPath)
            if (map.itemReader() == null) {
                JsonNode items = map.itemsPath() == null ? input
                        : DataFlowProcessor.require(map.itemsPath(), input, context, null);
                if (!(items instanceof ArrayNode given)) {
                    throw new StatesException(StatesErrors.RUNTIME, "Map state input must be a JSON array, but the"
                            + " ItemsPath '" + map.itemsPath() + "' selects " + Json.write(items));
                }
                array = given;
            }
            int maxConcurrency = map.maxConcurrency() != null ? map.maxConcurrency() : 0;
            if (map.maxConcurrencyPath() != null) {
                maxConcurrency = integerAt(map.maxConcurrencyPath(), "MaxConcurrencyPath", input, context);
            }
            return new Settings(array, maxConcurrency);
        }

        /** JSONata: Items (default: the state's input) must give an array. */
        static Settings resolveJsonata(MapState map, JsonataScope scope) {
            JsonataTemplate items = map.dataFlow().expression("Items");
            ArrayNode array;
            if (map.itemReader() != null) {
                array = null; // read when the Map Run starts
            } else if (items != null) {
                array = JsonataFields.array(items, scope, "Items");
            } else if (scope.input() instanceof ArrayNode input) {
                array = input;
            } else {
                throw new QueryEvaluationError("Items", "Map state input must be an array but was: "
                        + Json.write(scope.input()));
            }
            JsonataTemplate limit = map.dataFlow().expression("MaxConcurrency");
            int maxConcurrency = limit != null ? JsonataFields.count(limit, scope, "MaxConcurrency")
                    : map.maxConcurrency() != null ? map.maxConcurrency() : 0;
            return new Settings(array, maxConcurrency);
        }
    }

    /** How many failed iterations a Map accepts; with neither limit set, none. */
    record Tolerance(Integer count, Double percentage) {

        boolean isSet() {
            return count != null || percentage != null;
        }

        /**
         * With both limits set, exceeding either fails the Map, as AWS documents. The percentage is of
         * all items: while an ItemReader has not read them all ({@code totalKnown} false), it waits.
         */
        boolean tolerates(int failures, int total, boolean totalKnown) {
            if (!isSet()) {
                return false;
            }
            boolean countOk = count == null || failures <= count;
            boolean percentageOk = percentage == null || !totalKnown || failures * 100.0 / total <= percentage;
            return countOk && percentageOk;
        }

        static Tolerance resolve(MapState map, JsonNode input, Supplier<JsonNode> context) {
            Integer count = map.toleratedFailureCount();
            if (map.toleratedFailureCountPath() != null) {
                count = integerAt(map.toleratedFailureCountPath(), "ToleratedFailureCountPath", input, context);
            }
            Double percentage = map.toleratedFailurePercentage();
            if (map.toleratedFailurePercentagePath() != null) {
                String path = map.toleratedFailurePercentagePath();
                JsonNode value = DataFlowProcessor.require(path, input, context,
                        "The ToleratedFailurePercentagePath field does not reference an input value: " + path);
                if (value.isTextual() && value.textValue().matches("-?\\d+(\\.\\d+)?")) {
                    value = Json.NODES.numberNode(Double.parseDouble(value.textValue())); // as AWS reads it
                }
                if (!value.isNumber()) {
                    throw new StatesException(StatesErrors.RUNTIME, "The ToleratedFailurePercentagePath field refers to value "
                            + quoted(value) + " which is not a valid float: " + path);
                }
                percentage = value.doubleValue();
            }
            if (percentage != null && (percentage < 0 || percentage > 100)) {
                throw new StatesException(StatesErrors.RUNTIME, "ToleratedFailurePercentage must be between 0 and 100.");
            }
            if (count != null && count < 0) {
                throw new StatesException(StatesErrors.RUNTIME, "ToleratedFailureCount cannot be negative.");
            }
            return new Tolerance(count, percentage);
        }

        static Tolerance resolveJsonata(MapState map, JsonataScope scope) {
            JsonataTemplate countExpression = map.dataFlow().expression("ToleratedFailureCount");
            JsonataTemplate percentageExpression = map.dataFlow().expression("ToleratedFailurePercentage");
            Integer count = map.toleratedFailureCount();
            if (countExpression != null) {
                count = JsonataFields.count(countExpression, scope, "ToleratedFailureCount");
            }
            Double percentage = map.toleratedFailurePercentage();
            if (percentageExpression != null) {
                percentage = JsonataFields.number(percentageExpression, scope, "ToleratedFailurePercentage");
            }
            if (percentage != null && (percentage < 0 || percentage > 100)) {
                throw new StatesException(StatesErrors.RUNTIME, "ToleratedFailurePercentage must be between 0 and 100.");
            }
            if (count != null && count < 0) {
                throw new StatesException(StatesErrors.RUNTIME, "ToleratedFailureCount cannot be negative.");
            }
            return new Tolerance(count, percentage);
        }
    }

    static int integerAt(String path, String field, JsonNode input, Supplier<JsonNode> context) {
        JsonNode value = DataFlowProcessor.require(path, input, context,
                "The " + field + " field does not reference an input value: " + path);
        if (value.isTextual() && value.textValue().matches("-?\\d{1,9}")) {
            return Integer.parseInt(value.textValue()); // AWS takes a number written as a string here
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new StatesException(StatesErrors.RUNTIME, "The " + field + " field refers to value "
                    + quoted(value) + " which is not a valid integer: " + path);
        }
        return value.intValue();
    }

    private static String quoted(JsonNode value) {
        return "\"" + (value.isTextual() ? value.textValue() : Json.write(value)) + "\"";
    }
}
