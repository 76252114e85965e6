package dev.statewright.interpreter.properties;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Definitions gone wrong: a valid machine from {@link ValidDefinitions} with a few changes to
 * its tree (fields dropped or retyped, transitions left dangling, malformed paths, intrinsic
 * calls and JSONata, numbers at the edges, deep nesting, odd state names, loops), then maybe
 * one to its text (duplicate keys, truncation, stray characters, not an object at all). Some
 * mutations leave the definition valid (a loop, a name in another script); the properties hold
 * for those too.
 */
public final class DefinitionMutations {
    private static final List<String> PATH_FIELDS = List.of("InputPath", "OutputPath", "ResultPath", "ItemsPath",
            "SecondsPath", "TimestampPath", "ErrorPath", "CausePath", "Variable", "TimeoutSecondsPath");
    private static final List<String> NUMBER_FIELDS = List.of("TimeoutSeconds", "HeartbeatSeconds", "Seconds",
            "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "MaxConcurrency",
            "ToleratedFailurePercentage", "ToleratedFailureCount", "NumericEquals");
    private static final List<String> BAD_PATHS = List.of("", "$..", "$[", "$.a[", "$.a]", "a.b", "$$$", "$.a[?(@.b",
            "$.a[0]x", "$['unclosed]", "$.items[-1:", "$[*]..[*]", "$\u0000", "$.\ud800", "$x.", "$ .a", "$$", "$.",
            "$[?(@.a == 'x')]", "$.a.length()", "$..*", "States.Format(");
    private static final List<String> BAD_INTRINSICS = List.of("States.Format(", "States.Nope(1)", "States.Format('{}' , $.a",
            "States.Array(1,)", "States.Format('\\", "States.()", "States.MathAdd(1)", "States.ArrayRange(1, 2)",
            "States.Format('{}', States.Nope())", "States.StringToJson($.a, 1)", "States.Hash($.a, 'MD5')",
            "States.Array(" + "States.Array(".repeat(40) + ")".repeat(41), "States.Format('x') trailing",
            "States.UUID(1)", "States.Base64Encode()", "States.MathRandom($.a)");
    private static final List<String> BAD_JSONATA = List.of("{% $states.input. %}", "{% (((( %}", "{% $eval('1') %}",
            "{% %}", "{%%}", "{% 1 + %}", "{% [1, 2 %}", "{% $x := %}", "{% $states.input.[ %}", "{% } %}",
            "{% 'unterminated %}", "{% $undefinedFunction() %}", "{% \ud800 %}", "{% /regex( %}",
            "{% function($x) { %}", "{%" + " ".repeat(10) + "%", "{% 1 %} trailing", "{% $states.context..x %}");
    private static final List<String> ODD_NAMES = List.of("", " ", "a/b~c", "~1", "with\u0001control", "\u0085next",
            "\ud800", "\udfff\ud800", "\ud83d\ude00".repeat(40) + "x", "N".repeat(81), "\u00e9".repeat(80),
            "name.$", "$", "$.a", "{% x %}", "States.ALL", "\u202eevil", "tab\there", "\"quoted\"", "back\\slash");

    /**
     * Writes trees of any depth: the mutations nest past Jackson's default limit of 1000 levels on
     * purpose (the text then fails to parse, which is one of the cases).
     */
    private static final ObjectMapper UNBOUNDED = JsonMapper.builder(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(100_000).build()).build()).build();

    private DefinitionMutations() {
    }

    /** Mutated definitions as text. */
    public static Arbitrary<String> texts() {
        // One deep mutation at most: two nested in each other (a template 1100 deep in Parallels 350
        // deep) go past the depth that writing the text recursively, in this generator, survives.
        Arbitrary<List<TreeMutation>> someMutations = treeMutations().list().ofMinSize(1).ofMaxSize(3)
                .filter(list -> list.stream().filter(mutation -> mutation.kind().name().startsWith("DEEP")).count() <= 1);
        return Shared.of(Combinators.combine(ValidDefinitions.machines(), someMutations,
                textMutations()).as((machine, mutations, textMutation) -> {
                    ObjectNode mutated = machine.deepCopy();
                    mutations.forEach(mutation -> mutation.apply(mutated));
                    return textMutation.apply(mutated);
                }));
    }

    /**
     * Valid definitions made hard to run: a loop that only the history limit ends, Parallel
     * states nested up to 240 deep (as deep as 1000 levels of JSON allow), Maps nested up to 300
     * deep, Choice rules of a few hundred nested Nots, a comment of some hundred KiB.
     */
    public static Arbitrary<String> stressed() {
        Arbitrary<TreeMutation> stressors = Combinators.combine(
                Arbitraries.of(TreeMutation.Kind.LOOP, TreeMutation.Kind.DEEP_PARALLEL, TreeMutation.Kind.DEEP_MAP,
                        TreeMutation.Kind.DEEP_NOT, TreeMutation.Kind.HUGE_STRING),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 190))
                .as((kind, pick, variant) -> new TreeMutation(kind, pick, variant, Json.NODES.nullNode()));
        return Shared.of(Combinators.combine(ValidDefinitions.machines(), stressors).as((machine, stressor) -> {
            ObjectNode stressed = machine.deepCopy();
            if (stressor.kind() == TreeMutation.Kind.HUGE_STRING) {
                stressed.put("Comment", "\u00e9x".repeat(20_000 + stressor.variant() * 500));
            } else {
                stressor.apply(stressed);
            }
            return write(stressed);
        }));
    }

    // ---- mutations of the tree ----

    /** One change to a definition's tree; {@code pick} and {@code variant} choose where and how. */
    public record TreeMutation(Kind kind, int pick, int variant, JsonNode value) {
        enum Kind {
            DROP_FIELD, RETYPE_FIELD, DANGLE_TRANSITION, BAD_PATH, BAD_INTRINSIC, BAD_JSONATA, EDGE_NUMBER,
            DEEP_PARALLEL, DEEP_NOT, DEEP_TEMPLATE, DEEP_MAP, HUGE_STRING, ODD_STATE_NAME, BAD_TYPE,
            QUERY_LANGUAGE, UNKNOWN_FIELD, EMPTY_COLLECTION, LOOP
        }

        void apply(ObjectNode root) {
            List<ObjectNode> objects = objects(root);
            ObjectNode target = objects.get(Math.floorMod(pick, objects.size()));
            switch (kind) {
                case DROP_FIELD -> {
                    List<String> names = names(target);
                    if (!names.isEmpty()) {
                        target.remove(names.get(Math.floorMod(variant, names.size())));
                    }
                }
                case RETYPE_FIELD -> {
                    List<String> names = names(target);
                    if (!names.isEmpty()) {
                        target.set(names.get(Math.floorMod(variant, names.size())), value);
                    }
                }
                case DANGLE_TRANSITION -> {
                    ObjectNode holder = holderOf(objects, List.of("Next", "Default", "StartAt"), pick);
                    String field = holder.has("Next") ? "Next" : holder.has("Default") ? "Default" : "StartAt";
                    holder.put(field, List.of("Nowhere", "", "s1", "\ud800", "S1 ").get(Math.floorMod(variant, 5)));
                }
                case BAD_PATH -> {
                    ObjectNode state = states(root).get(Math.floorMod(pick, states(root).size()));
                    state.put(PATH_FIELDS.get(Math.floorMod(variant, PATH_FIELDS.size())),
                            BAD_PATHS.get(Math.floorMod(variant / PATH_FIELDS.size(), BAD_PATHS.size())));
                }
                case BAD_INTRINSIC -> {
                    ObjectNode state = states(root).get(Math.floorMod(pick, states(root).size()));
                    String field = List.of("Parameters", "ResultSelector", "Assign", "ItemSelector").get(Math.floorMod(variant, 4));
                    JsonNode template = state.get(field);
                    ObjectNode object = template instanceof ObjectNode existing ? existing : state.putObject(field);
                    String call = variant % 9 == 8
                            ? "States.Array(".repeat(3000) + ")".repeat(3000) // deep enough for a recursive parser
                            : BAD_INTRINSICS.get(Math.floorMod(variant / 4, BAD_INTRINSICS.size()));
                    object.put("bad.$", call);
                }
                case BAD_JSONATA -> {
                    ObjectNode state = states(root).get(Math.floorMod(pick, states(root).size()));
                    String field = List.of("Output", "Arguments", "Assign", "Items").get(Math.floorMod(variant, 4));
                    String expression = variant % 7 == 6
                            ? "{% " + "(".repeat(3000) + "1" + ")".repeat(3000) + " %}" // deep enough for a recursive parser
                            : BAD_JSONATA.get(Math.floorMod(variant / 4, BAD_JSONATA.size()));
                    if ("Assign".equals(field)) {
                        state.putObject("Assign").put("v", expression);
                    } else {
                        state.put(field, expression);
                    }
                    if (variant % 3 == 0) {
                        state.put("QueryLanguage", "JSONata");
                    }
                }
                case EDGE_NUMBER -> {
                    ObjectNode holder = variant % 2 == 0 ? states(root).get(Math.floorMod(pick, states(root).size())) : target;
                    holder.set(NUMBER_FIELDS.get(Math.floorMod(variant / 2, NUMBER_FIELDS.size())), value);
                }
                case DEEP_PARALLEL -> replaceAState(root, nestedParallels(50 + Math.floorMod(variant, 300)));
                case DEEP_NOT -> replaceAState(root, nestedNots(100 + Math.floorMod(variant, 500), jsonata(root)));
                case DEEP_TEMPLATE -> {
                    ObjectNode state = states(root).get(Math.floorMod(pick, states(root).size()));
                    // Past Jackson's 1000 levels now and then: then the text is no JSON at all.
                    state.set("Parameters", nestedObjects(400 + Math.floorMod(variant, 700)));
                }
                case DEEP_MAP -> replaceAState(root, nestedMaps(100 + Math.floorMod(variant, 200), jsonata(root)));
                case HUGE_STRING -> {
                    String huge = "\u00e9x".repeat(20_000 + Math.floorMod(variant, 200_000));
                    List<String> names = names(target);
                    target.put(names.isEmpty() ? "Comment" : names.get(Math.floorMod(variant, names.size())), huge);
                }
                case ODD_STATE_NAME -> renameAState(root, ODD_NAMES.get(Math.floorMod(variant, ODD_NAMES.size())));
                case BAD_TYPE -> {
                    ObjectNode state = states(root).get(Math.floorMod(pick, states(root).size()));
                    switch (Math.floorMod(variant, 4)) {
                        case 0 -> state.remove("Type");
                        case 1 -> state.put("Type", "pass");
                        case 2 -> state.put("Type", "Nope");
                        default -> state.put("Type", 7);
                    }
                }
                case QUERY_LANGUAGE -> {
                    ObjectNode state = states(root).get(Math.floorMod(pick, states(root).size()));
                    switch (Math.floorMod(variant, 4)) {
                        case 0 -> {
                            root.put("QueryLanguage", "JSONata");
                            state.put("QueryLanguage", "JSONPath");
                        }
                        case 1 -> state.put("QueryLanguage", "jsonata");
                        case 2 -> root.put("QueryLanguage", "JSONata"); // JSONPath fields in JSONata states
                        default -> state.put("QueryLanguage", "JSONata"); // the other way round
                    }
                }
                case UNKNOWN_FIELD -> target.set(List.of("Bogus", "next", "Resource", "Branches", "States", "")
                        .get(Math.floorMod(variant, 6)), value);
                case EMPTY_COLLECTION -> {
                    String field = List.of("States", "Branches", "Choices", "ErrorEquals", "Retry", "Catch")
                            .get(Math.floorMod(variant, 6));
                    ObjectNode holder = holderOf(objects, List.of(field), pick);
                    holder.set(field, "States".equals(field) ? Json.object() : Json.NODES.arrayNode());
                }
                case LOOP -> {
                    // A Choice rule goes back to the start of its scope: still valid (its Default goes
                    // on), and while the rule matches the execution loops until the history limit ends it.
                    // Without a Choice, a Next goes back, which may leave later states unreachable.
                    ObjectNode choice = holderOf(objects, List.of("Choices"), pick);
                    boolean viaChoice = choice != root && choice.get("Choices").path(0).isObject();
                    ObjectNode state = viaChoice ? choice : holderOf(objects, List.of("Next"), pick);
                    ObjectNode scope = scopeOf(root, state);
                    if (scope != null && scope.path("StartAt").isTextual()) {
                        ObjectNode holder = viaChoice ? (ObjectNode) choice.get("Choices").get(0) : state;
                        holder.put("Next", scope.get("StartAt").textValue());
                    }
                }
                default -> throw new IllegalStateException(kind.name());
            }
        }
    }

    private static Arbitrary<TreeMutation> treeMutations() {
        Arbitrary<JsonNode> values = Arbitraries.oneOf(JsonValues.values(), JsonValues.numbers(),
                Arbitraries.just(Json.NODES.nullNode()), Arbitraries.just(Json.NODES.arrayNode()),
                Arbitraries.just(Json.object()), Arbitraries.just(Json.NODES.textNode("")));
        List<Tuple.Tuple2<Integer, TreeMutation.Kind>> kinds = new ArrayList<>();
        for (TreeMutation.Kind kind : TreeMutation.Kind.values()) {
            // Deep and huge definitions cost the most time to validate and run: fewer of them.
            kinds.add(Tuple.of(kind.name().startsWith("DEEP") || kind == TreeMutation.Kind.HUGE_STRING ? 1 : 4, kind));
        }
        return Shared.of(Combinators.combine(Arbitraries.frequency(kinds), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 10_000), values).as(TreeMutation::new));
    }

    // ---- mutations of the text ----

    /** Turns the mutated tree into text, perhaps spoiling the text itself. */
    public record TextMutation(int kind, int position, String insert) {
        String apply(ObjectNode tree) {
            if (kind == 1) {
                return withDuplicateKey(tree, position);
            }
            String text = write(tree);
            int at = Math.floorMod(position, text.length() + 1);
            return switch (kind) {
                case 2 -> text.substring(0, at); // cut short
                case 3 -> text.substring(0, at) + insert + text.substring(at);
                case 4 -> text + insert; // something after the definition
                case 5 -> "\ufeff" + text;
                case 6 -> insert.isEmpty() ? "" : List.of("[]", "null", "\"text\"", "42", "   ", "[" .repeat(1200))
                        .get(Math.floorMod(position, 6));
                default -> kind % 2 == 0 ? text : writePretty(tree);
            };
        }

        @Override
        public String toString() {
            return "TextMutation[kind=" + kind + ", position=" + position + ", insert=" + Json.write(Json.NODES.textNode(insert)) + "]";
        }
    }

    private static Arbitrary<TextMutation> textMutations() {
        return Shared.of(Combinators.combine(Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(2, 1), Tuple.of(1, 2), Tuple.of(1, 3),
                        Tuple.of(1, 4), Tuple.of(1, 5), Tuple.of(1, 6), Tuple.of(2, 7)),
                Arbitraries.integers().between(0, 100_000),
                Arbitraries.of("{", "}", ",", "\"", "\\", "\u0000", "\ud800", " {}", " junk", ":", "]", "")).as(TextMutation::new));
    }

    static String write(JsonNode tree) {
        try {
            return UNBOUNDED.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String writePretty(JsonNode tree) {
        try {
            return UNBOUNDED.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the tree with one object's field written twice, which a tree cannot hold. */
    static String withDuplicateKey(JsonNode tree, int pick) {
        List<ObjectNode> objects = objects(tree);
        List<ObjectNode> withFields = objects.stream().filter(object -> object.size() > 0).toList();
        ObjectNode chosen = withFields.isEmpty() ? null : withFields.get(Math.floorMod(pick, withFields.size()));
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = UNBOUNDED.getFactory().createGenerator(out)) {
            writeWithDuplicate(generator, tree, chosen, pick);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeWithDuplicate(JsonGenerator generator, JsonNode node, ObjectNode chosen, int pick)
            throws IOException {
        if (node.isObject()) {
            generator.writeStartObject();
            String repeated = null;
            int index = 0;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                generator.writeFieldName(field.getKey());
                writeWithDuplicate(generator, field.getValue(), chosen, pick);
                if (node == chosen && index++ == Math.floorMod(pick, node.size())) {
                    repeated = field.getKey();
                }
            }
            if (repeated != null) {
                generator.writeFieldName(repeated);
                generator.writeString("duplicate");
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode element : node) {
                writeWithDuplicate(generator, element, chosen, pick);
            }
            generator.writeEndArray();
        } else {
            generator.writeTree(node);
        }
    }

    // ---- finding places in a definition ----

    /** Every object in the tree, in document order, found without recursion (trees may be deep). */
    static List<ObjectNode> objects(JsonNode root) {
        List<ObjectNode> found = new ArrayList<>();
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node instanceof ObjectNode object) {
                found.add(object);
            }
            List<JsonNode> children = new ArrayList<>();
            node.forEach(children::add);
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.push(children.get(i));
            }
        }
        return found;
    }

    /** The states of every scope (objects inside a States object), in document order. */
    static List<ObjectNode> states(JsonNode root) {
        List<ObjectNode> states = new ArrayList<>();
        for (ObjectNode object : objects(root)) {
            if (object.get("States") instanceof ObjectNode scope) {
                scope.forEach(state -> {
                    if (state instanceof ObjectNode stateObject) {
                        states.add(stateObject);
                    }
                });
            }
        }
        return states.isEmpty() ? List.of((ObjectNode) root) : states;
    }

    /** One of the objects that have one of the fields, chosen by {@code pick}; the root when none has. */
    private static ObjectNode holderOf(List<ObjectNode> objects, List<String> fields, int pick) {
        List<ObjectNode> holders = objects.stream().filter(o -> fields.stream().anyMatch(o::has)).toList();
        return holders.isEmpty() ? objects.get(0) : holders.get(Math.floorMod(pick, holders.size()));
    }

    private static List<String> names(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The scope (an object with States) whose States hold {@code state}. */
    private static ObjectNode scopeOf(JsonNode root, ObjectNode state) {
        for (ObjectNode object : objects(root)) {
            if (object.get("States") instanceof ObjectNode states) {
                for (JsonNode candidate : states) {
                    if (candidate == state) {
                        return object;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Replaces the machine's first state that is no Choice with {@code replacement}, which goes
     * where that state went (a Choice's rules and Default too, to a Succeed state added for it
     * when the state ended the machine).
     */
    private static void replaceAState(ObjectNode root, ObjectNode replacement) {
        if (!(root.get("States") instanceof ObjectNode states)) {
            return;
        }
        String first = null;
        for (Map.Entry<String, JsonNode> entry : states.properties()) {
            if (first == null && !"Choice".equals(entry.getValue().path("Type").asText())) {
                first = entry.getKey();
            }
        }
        if (first == null) {
            return;
        }
        JsonNode old = states.get(first);
        replacement.remove("End");
        String next = old.path("Next").isTextual() ? old.get("Next").textValue() : null;
        if ("Choice".equals(replacement.path("Type").asText())) {
            if (next == null) {
                next = "DeepChoiceEnd";
                states.putObject(next).put("Type", "Succeed");
            }
            ((ObjectNode) replacement.get("Choices").get(0)).put("Next", next);
            replacement.put("Default", next);
        } else if (next != null) {
            replacement.put("Next", next);
        } else {
            replacement.put("End", true);
        }
        states.set(first, replacement);
    }

    /** Renames the machine's first state everywhere it is named. */
    private static void renameAState(ObjectNode root, String name) {
        String old = root.path("StartAt").asText();
        if (!(root.get("States") instanceof ObjectNode states) || !states.has(old)) {
            return; // an earlier mutation made States something else
        }
        ObjectNode renamed = Json.object();
        states.properties().forEach(field -> renamed.set(field.getKey().equals(old) ? name : field.getKey(), field.getValue()));
        root.set("States", renamed);
        for (ObjectNode object : objects(root)) {
            for (String field : List.of("Next", "Default", "StartAt")) {
                if (old.equals(object.path(field).asText(null))) {
                    object.put(field, name);
                }
            }
        }
    }

    private static boolean jsonata(JsonNode root) {
        return "JSONata".equals(root.path("QueryLanguage").asText());
    }

    /** A Parallel whose only branch holds a Parallel, {@code depth} times; state names unique. */
    static ObjectNode nestedParallels(int depth) {
        ObjectNode state = Json.object().put("Type", "Pass").put("End", true);
        String name = "Innermost";
        for (int level = 0; level < depth; level++) {
            ObjectNode parallel = Json.object().put("Type", "Parallel").put("End", true);
            ObjectNode branch = parallel.putArray("Branches").addObject().put("StartAt", name);
            branch.putObject("States").set(name, state);
            state = parallel;
            name = "Level" + level;
        }
        return state;
    }

    /** A Map whose processor holds a Map, {@code depth} times. */
    static ObjectNode nestedMaps(int depth, boolean jsonata) {
        ObjectNode state = Json.object().put("Type", "Pass").put("End", true);
        String name = "InnermostItem";
        for (int level = 0; level < depth; level++) {
            ObjectNode map = Json.object().put("Type", "Map").put("End", true);
            if (jsonata) {
                map.put("Items", "{% $states.input.items %}");
            } else {
                map.put("ItemsPath", "$.items");
            }
            ObjectNode processor = map.putObject("ItemProcessor").put("StartAt", name);
            processor.putObject("States").set(name, state);
            state = map;
            name = "MapLevel" + level;
        }
        return state;
    }

    /** A Choice whose rule is Not of Not ... of a comparison ($not(...) in JSONata), {@code depth} times. */
    static ObjectNode nestedNots(int depth, boolean jsonata) {
        ObjectNode rule = jsonata
                ? Json.object().put("Condition", "{% " + "$not(".repeat(depth) + "$exists($states.input.n)" + ")".repeat(depth) + " %}")
                : Json.object().put("Variable", "$.n").put("IsPresent", true);
        for (int level = 0; !jsonata && level < depth; level++) {
            ObjectNode not = Json.object();
            not.set("Not", rule);
            rule = not;
        }
        ObjectNode choice = Json.object().put("Type", "Choice");
        choice.putArray("Choices").add(rule); // its Next and the Default are set where the Choice is placed
        return choice;
    }

    /** An object nested {@code depth} levels, with a dynamic field at the bottom. */
    static ObjectNode nestedObjects(int depth) {
        ObjectNode inner = Json.object().put("v.$", "$.n");
        for (int level = 0; level < depth; level++) {
            ObjectNode outer = Json.object();
            outer.set("k", inner);
            inner = outer;
        }
        return inner;
    }
}
