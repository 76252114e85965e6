package dev.statewright.interpreter.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Valid state machine definitions, built from the grammar of the Amazon States Language: every
 * state type, Choice rules, Retry and Catch, JSONPath data flow with intrinsic calls, JSONata
 * states and whole JSONata machines, and variables with Assign, nested in Parallel branches and
 * Map processors. State names come in several scripts and lengths.
 *
 * <p>Every transition goes forward (a state jumps only to states after it in its scope), so
 * every execution ends, and every state is reachable. A state is generated first without a name
 * or a place ({@link StateSpec}); its scope then lays the states out and names them.
 */
public final class ValidDefinitions {
    /** A Task resource the engine properties answer with the task's input. */
    public static final String ECHO = "arn:aws:lambda:us-east-1:123456789012:function:echo";
    /** A Task resource the engine properties fail with {@link #FAILING_ERROR}. */
    public static final String FAILING = "arn:aws:lambda:us-east-1:123456789012:function:fail";
    public static final String FAILING_ERROR = "Generated.TaskError";
    private static final List<String> RESOURCES = List.of(ECHO, ECHO, FAILING, "arn:aws:states:::lambda:invoke",
            "arn:aws:lambda:us-east-1:123456789012:function:unhandled");
    private static final List<List<String>> ERROR_LISTS = List.of(List.of("States.TaskFailed"),
            List.of("States.Timeout"), List.of(FAILING_ERROR), List.of("States.Runtime"),
            List.of("States.DataLimitExceeded", "States.IntrinsicFailure"), List.of("States.HeartbeatTimeout"),
            List.of("Custom.Error", "States.ParameterPathFailure"), List.of("States.QueryEvaluationError"),
            List.of("States.NoChoiceMatched", "States.BranchFailed"));
    private static final int MAX_NESTING = 2;

    private ValidDefinitions() {
    }

    /** Whole machines: JSONPath, JSONata, or JSONPath with some JSONata states. */
    public static Arbitrary<ObjectNode> machines() {
        return Shared.of(Arbitraries.frequencyOf(Tuple.of(5, machines("")), Tuple.of(1, machines("JSONPath")),
                Tuple.of(3, machines("JSONata"))));
    }

    private static Arbitrary<ObjectNode> machines(String queryLanguage) {
        boolean jsonata = "JSONata".equals(queryLanguage);
        Arbitrary<Integer> timeout = Arbitraries.integers().between(1, 99_999_999).injectNull(0.85);
        Arbitrary<String> comment = JsonValues.text().injectNull(0.7);
        return Shared.of(Combinators.combine(scopes(MAX_NESTING, jsonata), Arbitraries.integers().between(0, 6), timeout, comment)
                .as((scope, nameStyle, timeoutSeconds, commentText) -> {
                    Layout layout = new Layout(jsonata, nameStyle);
                    ObjectNode machine = Json.object();
                    if (commentText != null) {
                        machine.put("Comment", commentText);
                    }
                    if (!queryLanguage.isEmpty()) {
                        machine.put("QueryLanguage", queryLanguage);
                    }
                    if (timeoutSeconds != null) {
                        machine.put("TimeoutSeconds", timeoutSeconds);
                    }
                    machine.setAll(layout.scope(scope));
                    return machine;
                }));
    }

    // ---- the states of a scope, before they have names ----

    /** A state before it has a name and a place in its scope, generated in its query language. */
    private interface StateSpec {
        ObjectNode render(Place place);
    }

    /** A scope's states in order: the last one ends the scope (it is never a Choice). */
    private record ScopeSpec(List<Placed> states) {
    }

    /** A state and whether it is written in JSONata. */
    private record Placed(StateSpec spec, boolean jsonata) {
    }

    /**
     * Where a state stands once laid out: the state after it (null when it ends its scope) and
     * the states it may jump to.
     */
    private record Place(String next, List<String> later, Layout layout) {
        String target(int index) {
            return later.get(Math.floorMod(index, later.size()));
        }

        void transition(ObjectNode state) {
            if (next == null) {
                state.put("End", true);
            } else {
                state.put("Next", next);
            }
        }
    }

    /** Names states across the whole machine (names are unique machine-wide) and lays out scopes. */
    private static final class Layout {
        private final boolean machineJsonata;
        private final int nameStyle;
        private int count;

        Layout(boolean machineJsonata, int nameStyle) {
            this.machineJsonata = machineJsonata;
            this.nameStyle = nameStyle;
        }

        String name() {
            count++;
            return switch (nameStyle) {
                case 1 -> "Step " + count;
                case 2 -> "\u00c9tape_" + count;
                case 3 -> "\u72b6\u614b" + count;
                case 4 -> "\ud83d\ude80 " + count;
                case 5 -> "L".repeat(74) + String.format("%04d", count); // 78 characters: near the limit of 80
                case 6 -> "no\u00a0break-" + count;
                default -> "S" + count;
            };
        }

        ObjectNode scope(ScopeSpec scope) {
            List<String> names = new ArrayList<>();
            scope.states().forEach(state -> names.add(name()));
            ObjectNode node = Json.object().put("StartAt", names.get(0));
            ObjectNode states = node.putObject("States");
            for (int i = 0; i < names.size(); i++) {
                Placed placed = scope.states().get(i);
                Place place = new Place(i + 1 < names.size() ? names.get(i + 1) : null, names.subList(i + 1, names.size()), this);
                ObjectNode state = placed.spec().render(place);
                if (placed.jsonata() && !machineJsonata) {
                    state.put("QueryLanguage", "JSONata");
                }
                states.set(names.get(i), state);
            }
            return node;
        }
    }

    /**
     * The scopes of a machine: in a JSONata machine every state is JSONata (a JSONPath state is
     * refused there); in a JSONPath machine one state in four is.
     */
    private static Arbitrary<ScopeSpec> scopes(int nesting, boolean machineJsonata) {
        Arbitrary<Placed> middle = placed(middleStates(nesting, machineJsonata, false), middleStates(nesting, machineJsonata, true), machineJsonata);
        Arbitrary<Placed> last = placed(lastStates(nesting, machineJsonata, false), lastStates(nesting, machineJsonata, true), machineJsonata);
        return Shared.of(Combinators.combine(middle.list().ofMaxSize(nesting == MAX_NESTING ? 4 : 2), last).as((states, end) -> {
            List<Placed> all = new ArrayList<>(states);
            all.add(end);
            return new ScopeSpec(all);
        }));
    }

    private static Arbitrary<Placed> placed(Arbitrary<StateSpec> jsonPath, Arbitrary<StateSpec> jsonata, boolean machineJsonata) {
        Arbitrary<Placed> asJsonata = jsonata.map(spec -> new Placed(spec, true));
        if (machineJsonata) {
            return asJsonata;
        }
        return Shared.of(Arbitraries.frequencyOf(Tuple.of(3, jsonPath.map(spec -> new Placed(spec, false))), Tuple.of(1, asJsonata)));
    }

    /** States that go on to another. */
    private static Arbitrary<StateSpec> middleStates(int nesting, boolean machineJsonata, boolean jsonata) {
        List<Tuple.Tuple2<Integer, Arbitrary<StateSpec>>> kinds = new ArrayList<>(List.of(
                Tuple.of(3, passes(jsonata)), Tuple.of(3, tasks(jsonata)), Tuple.of(1, waits(jsonata)),
                Tuple.of(2, choices(jsonata))));
        if (nesting > 0) {
            kinds.add(Tuple.of(1, parallels(nesting - 1, machineJsonata, jsonata)));
            kinds.add(Tuple.of(1, maps(nesting - 1, machineJsonata, jsonata)));
        }
        return Shared.of(Arbitraries.frequencyOf(kinds));
    }

    /** States that may end a scope. */
    private static Arbitrary<StateSpec> lastStates(int nesting, boolean machineJsonata, boolean jsonata) {
        List<Tuple.Tuple2<Integer, Arbitrary<StateSpec>>> kinds = new ArrayList<>(List.of(
                Tuple.of(2, succeeds(jsonata)), Tuple.of(1, fails(jsonata)), Tuple.of(2, passes(jsonata)),
                Tuple.of(1, tasks(jsonata)), Tuple.of(1, waits(jsonata))));
        if (nesting > 0) {
            kinds.add(Tuple.of(1, parallels(nesting - 1, machineJsonata, jsonata)));
            kinds.add(Tuple.of(1, maps(nesting - 1, machineJsonata, jsonata)));
        }
        return Shared.of(Arbitraries.frequencyOf(kinds));
    }

    // ---- data flow, shared by the state types ----

    private static final List<String> PASS_FIELDS = List.of("InputPath", "Parameters", "ResultPath", "OutputPath", "Assign", "Output");
    private static final List<String> TASK_FIELDS = List.of("InputPath", "Parameters", "ResultSelector", "ResultPath",
            "OutputPath", "Assign", "Arguments", "Output");
    private static final List<String> PLAIN_FIELDS = List.of("InputPath", "OutputPath", "Assign", "Output");
    private static final List<String> SUCCEED_FIELDS = List.of("InputPath", "OutputPath", "Output");
    private static final List<String> MAP_FIELDS = List.of("InputPath", "ResultSelector", "ResultPath", "OutputPath",
            "Assign", "Output");
    private static final Set<String> JSONATA_FIELDS = Set.of("Arguments", "Output", "Assign");
    private static final Set<String> JSONPATH_FIELDS = Set.of("InputPath", "Parameters", "ResultSelector", "ResultPath",
            "OutputPath", "Assign");

    /** Some of the data-flow fields a state type allows in its language, each present half of the time. */
    private static Arbitrary<ObjectNode> flow(List<String> allowed, boolean jsonata) {
        List<String> fields = allowed.stream().filter((jsonata ? JSONATA_FIELDS : JSONPATH_FIELDS)::contains).toList();
        List<Arbitrary<JsonNode>> values = fields.stream().map(field -> flowField(field, jsonata).injectNull(0.5)).toList();
        return Shared.of(Combinators.combine(values).as(chosen -> {
            ObjectNode flow = Json.object();
            for (int i = 0; i < fields.size(); i++) {
                if (chosen.get(i) != null) {
                    flow.set(fields.get(i), chosen.get(i));
                }
            }
            return flow;
        }));
    }

    private static Arbitrary<JsonNode> flowField(String field, boolean jsonata) {
        if (jsonata) {
            return "Assign".equals(field) ? JsonataPieces.assignments() : JsonataPieces.templates(false);
        }
        return Shared.of(switch (field) {
            case "InputPath", "OutputPath" -> JsonPathPieces.selectionPaths();
            case "Parameters", "ResultSelector" -> JsonPathPieces.templates(false);
            case "ResultPath" -> JsonPathPieces.resultPaths();
            default -> JsonPathPieces.assignments();
        });
    }

    // ---- Retry and Catch ----

    /** Appends a recoverer naming States.ALL alone, as the last one (only there may it be). */
    private static <T> Arbitrary<List<T>> withCatchAll(Arbitrary<T> others, Arbitrary<T> catchAll) {
        return Shared.of(Combinators.combine(others.list().ofMaxSize(2), catchAll.injectNull(0.5)).as((list, all) -> {
            List<T> recoverers = new ArrayList<>(list);
            if (all != null) {
                recoverers.add(all);
            }
            return recoverers;
        }));
    }

    private static Arbitrary<List<ObjectNode>> retriers() {
        Arbitrary<ObjectNode> settings = Combinators.combine(Arbitraries.integers().between(1, 5).injectNull(0.5),
                Arbitraries.integers().between(0, 3).injectNull(0.3), Arbitraries.of("1", "1.0", "2", "2.5", "1.000001").injectNull(0.5),
                Arbitraries.integers().between(1, 99_999_999).injectNull(0.7), Arbitraries.of("FULL", "NONE").injectNull(0.7))
                .as((interval, attempts, backoff, maxDelay, jitter) -> {
                    ObjectNode retrier = Json.object();
                    putIfPresent(retrier, "IntervalSeconds", interval == null ? null : Json.NODES.numberNode(interval));
                    putIfPresent(retrier, "MaxAttempts", attempts == null ? null : Json.NODES.numberNode(attempts));
                    putIfPresent(retrier, "BackoffRate", backoff == null ? null : Json.NODES.numberNode(new BigDecimal(backoff)));
                    putIfPresent(retrier, "MaxDelaySeconds", maxDelay == null ? null : Json.NODES.numberNode(maxDelay));
                    putIfPresent(retrier, "JitterStrategy", jitter == null ? null : Json.NODES.textNode(jitter));
                    return retrier;
                });
        return Shared.of(withCatchAll(Combinators.combine(Arbitraries.of(ERROR_LISTS), settings).as(ValidDefinitions::recoverer),
                settings.map(retrier -> recoverer(List.of("States.ALL"), retrier))));
    }

    private static ObjectNode recoverer(List<String> errors, ObjectNode settings) {
        ObjectNode recoverer = Json.object();
        errors.forEach(recoverer.putArray("ErrorEquals")::add);
        recoverer.setAll(settings);
        return recoverer;
    }

    /** Catchers going to later states; none on a state that ends its scope (it has no later state). */
    private record Catchers(List<CatcherSpec> specs) {
        void apply(ObjectNode state, Place place) {
            if (specs.isEmpty() || place.later().isEmpty()) {
                return;
            }
            ArrayNode list = state.putArray("Catch");
            specs.forEach(spec -> list.add(recoverer(spec.errors(), spec.settings()).put("Next", place.target(spec.target()))));
        }
    }

    /** One catcher before its target is known: ResultPath (JSONPath) or Output (JSONata), maybe an Assign. */
    private record CatcherSpec(List<String> errors, int target, ObjectNode settings) {
    }

    private static Arbitrary<Catchers> catchers(boolean jsonata) {
        Arbitrary<ObjectNode> settings = Combinators.combine(
                (jsonata ? JsonataPieces.templates(false) : JsonPathPieces.resultPaths()).injectNull(0.5),
                (jsonata ? JsonataPieces.assignments() : JsonPathPieces.assignments()).injectNull(0.7)).as((result, assign) -> {
                    ObjectNode catcher = Json.object();
                    putIfPresent(catcher, jsonata ? "Output" : "ResultPath", result);
                    putIfPresent(catcher, "Assign", assign);
                    return catcher;
                });
        Arbitrary<Integer> targets = Arbitraries.integers().between(0, 9);
        return Shared.of(withCatchAll(Combinators.combine(Arbitraries.of(ERROR_LISTS), targets, settings).as(CatcherSpec::new),
                Combinators.combine(targets, settings).as((target, s) -> new CatcherSpec(List.of("States.ALL"), target, s)))
                .map(Catchers::new));
    }

    private static void recoverers(ObjectNode state, List<ObjectNode> retriers, Catchers catchers, Place place) {
        if (!retriers.isEmpty()) {
            retriers.forEach(state.putArray("Retry")::add);
        }
        catchers.apply(state, place);
    }

    private static void putIfPresent(ObjectNode object, String field, JsonNode value) {
        if (value != null) {
            object.set(field, value);
        }
    }

    // ---- the state types ----

    private static ObjectNode state(String type, ObjectNode flow) {
        ObjectNode state = Json.object().put("Type", type);
        state.setAll(flow);
        return state;
    }

    private static Arbitrary<StateSpec> passes(boolean jsonata) {
        return Shared.of(Combinators.combine(flow(PASS_FIELDS, jsonata), JsonValues.smallValues().injectNull(0.6)).as((flow, result) -> place -> {
            ObjectNode state = state("Pass", flow);
            if (!jsonata) {
                putIfPresent(state, "Result", result);
            }
            place.transition(state);
            return state;
        }));
    }

    private static Arbitrary<StateSpec> tasks(boolean jsonata) {
        Arbitrary<Integer> timeouts = Arbitraries.integers().between(2, 99_999_999).injectNull(0.6);
        return Shared.of(Combinators.combine(Arbitraries.of(RESOURCES), flow(TASK_FIELDS, jsonata), timeouts,
                Arbitraries.integers().between(1, 1000), retriers(), catchers(jsonata), Arbitraries.of(true, false))
                .as((resource, flow, timeout, heartbeat, retry, catchers, timeoutAsExpression) -> place -> {
                    ObjectNode state = state("Task", flow).put("Resource", resource);
                    if (timeout != null) {
                        if (jsonata && timeoutAsExpression) {
                            state.put("TimeoutSeconds", "{% " + timeout + " %}");
                        } else {
                            state.put("TimeoutSeconds", timeout);
                            if (heartbeat < timeout) {
                                state.put("HeartbeatSeconds", heartbeat);
                            }
                        }
                    }
                    recoverers(state, retry, catchers, place);
                    place.transition(state);
                    return state;
                }));
    }

    private static Arbitrary<StateSpec> waits(boolean jsonata) {
        return Shared.of(Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.oneOf(Arbitraries.integers().between(0, 5), Arbitraries.of(3600, 99_999_999)),
                Arbitraries.of("2024-02-29T12:00:00Z", "1970-01-01T00:00:00Z", "2099-12-31T23:59:59.999+02:00"),
                JsonataPieces.numberExpressions(), flow(PLAIN_FIELDS, jsonata))
                .as((kind, seconds, timestamp, secondsExpression, flow) -> place -> {
                    ObjectNode state = state("Wait", flow);
                    switch (kind) {
                        case 0 -> state.put("Seconds", seconds);
                        case 1 -> state.put("Timestamp", timestamp);
                        case 2 -> {
                            if (jsonata) {
                                state.set("Seconds", secondsExpression);
                            } else {
                                state.put("SecondsPath", "$.n");
                            }
                        }
                        default -> {
                            if (jsonata) {
                                state.put("Timestamp", "{% $states.input.when %}");
                            } else {
                                state.put("TimestampPath", "$.when");
                            }
                        }
                    }
                    place.transition(state);
                    return state;
                }));
    }

    private static Arbitrary<StateSpec> choices(boolean jsonata) {
        Arbitrary<ObjectNode> rules = jsonata
                ? JsonataPieces.conditions().map(condition -> {
                    ObjectNode rule = Json.object();
                    rule.set("Condition", condition);
                    return rule;
                })
                : JsonPathPieces.choiceRules(2);
        Arbitrary<JsonNode> ruleAssigns = (jsonata ? JsonataPieces.assignments() : JsonPathPieces.assignments()).injectNull(0.7);
        return Shared.of(Combinators.combine(Combinators.combine(rules, ruleAssigns, Arbitraries.integers().between(0, 9))
                                .as(Tuple::of).list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.of(true, false), flow(PLAIN_FIELDS, jsonata))
                .as((ruleSpecs, withDefault, flow) -> place -> {
                    ObjectNode state = state("Choice", flow);
                    ArrayNode choices = state.putArray("Choices");
                    for (int i = 0; i < ruleSpecs.size(); i++) {
                        ObjectNode rule = ruleSpecs.get(i).get1().deepCopy();
                        putIfPresent(rule, "Assign", ruleSpecs.get(i).get2());
                        // Without a Default, the first rule goes to the next state, which is then still reachable.
                        rule.put("Next", i == 0 && !withDefault ? place.next() : place.target(ruleSpecs.get(i).get3()));
                        choices.add(rule);
                    }
                    if (withDefault) {
                        state.put("Default", place.next());
                    }
                    return state;
                }));
    }

    private static Arbitrary<StateSpec> succeeds(boolean jsonata) {
        return Shared.of(flow(SUCCEED_FIELDS, jsonata).map(flow -> place -> state("Succeed", flow)));
    }

    private static Arbitrary<StateSpec> fails(boolean jsonata) {
        return Shared.of(Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.of("Custom.Failure", "States.MyFailure", "\u00dcn\u00efcode.Fehler", "E"),
                JsonValues.text()).as((kind, error, cause) -> place -> {
                    ObjectNode state = Json.object().put("Type", "Fail");
                    switch (kind) {
                        case 0 -> state.put("Error", error).put("Cause", cause);
                        case 1 -> state.put("Error", error);
                        case 2 -> {
                            if (jsonata) {
                                state.put("Error", "{% 'Dynamic.' & $string($states.input.n) %}");
                            } else {
                                state.put("ErrorPath", "$.s").put("CausePath", "States.Format('n is {}', $.n)");
                            }
                        }
                        default -> {
                            // Neither Error nor Cause: the execution fails without an error name.
                        }
                    }
                    return state;
                }));
    }

    private static Arbitrary<StateSpec> parallels(int nesting, boolean machineJsonata, boolean jsonata) {
        return Shared.of(Combinators.combine(scopes(nesting, machineJsonata).list().ofMinSize(1).ofMaxSize(2),
                        flow(TASK_FIELDS, jsonata), retriers(), catchers(jsonata))
                .as((branches, flow, retry, catchers) -> place -> {
                    ObjectNode state = state("Parallel", flow);
                    ArrayNode list = state.putArray("Branches");
                    branches.forEach(branch -> list.add(place.layout().scope(branch)));
                    recoverers(state, retry, catchers, place);
                    place.transition(state);
                    return state;
                }));
    }

    private static Arbitrary<StateSpec> maps(int nesting, boolean machineJsonata, boolean jsonata) {
        Arbitrary<JsonNode> items = jsonata
                ? Arbitraries.of("{% $states.input.items %}", "{% [1, 2, 3] %}", "{% $states.input %}")
                        .map(e -> (JsonNode) Json.NODES.textNode(e))
                : Arbitraries.of("$.items", "$", "$.a", "$.extra").map(path -> (JsonNode) Json.NODES.textNode(path));
        Arbitrary<JsonNode> selectors = (jsonata ? JsonataPieces.templates(true) : JsonPathPieces.templates(true)).injectNull(0.5);
        Arbitrary<List<Integer>> limits = Combinators.combine(Arbitraries.integers().between(0, 3).injectNull(0.5),
                Arbitraries.integers().between(0, 100).injectNull(0.7)).as(java.util.Arrays::asList);
        return Shared.of(Combinators.combine(scopes(nesting, machineJsonata), Arbitraries.integers().between(0, 3),
                        flow(MAP_FIELDS, jsonata), items.injectNull(0.2), selectors, limits, retriers(), catchers(jsonata))
                .as((processor, processorStyle, flow, itemsField, selector, limit, retry, catchers) -> place -> {
                    ObjectNode state = state("Map", flow);
                    putIfPresent(state, jsonata ? "Items" : "ItemsPath", itemsField);
                    putIfPresent(state, "ItemSelector", selector);
                    putIfPresent(state, "MaxConcurrency", limit.get(0) == null ? null : Json.NODES.numberNode(limit.get(0)));
                    putIfPresent(state, "ToleratedFailurePercentage", limit.get(1) == null ? null : Json.NODES.numberNode(limit.get(1)));
                    ObjectNode scope = place.layout().scope(processor);
                    switch (processorStyle) {
                        case 0 -> state.set("Iterator", scope);
                        case 1 -> state.set("ItemProcessor", scope);
                        case 2 -> {
                            scope.putObject("ProcessorConfig").put("Mode", "INLINE");
                            state.set("ItemProcessor", scope);
                        }
                        default -> {
                            scope.putObject("ProcessorConfig").put("Mode", "DISTRIBUTED").put("ExecutionType", "STANDARD");
                            state.set("ItemProcessor", scope);
                        }
                    }
                    recoverers(state, retry, catchers, place);
                    place.transition(state);
                    return state;
                }));
    }
}
