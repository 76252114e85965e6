package dev.statewright.api.properties;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.properties.DefinitionMutations;
import dev.statewright.interpreter.properties.JsonValues;
import dev.statewright.interpreter.properties.Shared;
import dev.statewright.interpreter.properties.ValidDefinitions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests of AWS's JSON 1.0 protocol over every operation: members drawn from pools that mix
 * what works (names and ARNs that collide, so requests meet what earlier ones created; tokens
 * and ARNs earlier answers gave, by placeholder) with what does not (unknown operations, missing
 * and mistyped members, bad ARNs and names with Unicode, whitespace and lone surrogates, bad
 * tokens, maxResults at its edges, random next tokens, bodies that are not JSON, huge bodies).
 */
final class AwsRequests {
    /** The role every machine is created with (CreateStateMachine requires one, as on AWS). */
    static final String ROLE = "arn:aws:iam::123456789012:role/r";
    static final String ACTIVITY_MACHINE = """
            {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "%sactivity:act1",
              "TimeoutSeconds": 30, "HeartbeatSeconds": 10, "End": true}}}""".formatted(Session.ARN_PREFIX);
    static final String CALLBACK_MACHINE = """
            {"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": {"token.$": "$$.Task.Token"}},
              "TimeoutSeconds": 30, "End": true}}}""";
    static final String WAIT_MACHINE = """
            {"StartAt": "Park", "States": {"Park": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
              "Done": {"Type": "Pass", "Result": {"done": true}, "End": true}}}""";

    private static final ObjectMapper ASCII = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private AwsRequests() {
    }

    /** A request before the placeholders in it are filled in from the session. */
    record AwsRequest(String target, String contentType, Map<String, JsonNode> members, int bodyForm, String junk)
            implements ApiCall {

        @Override
        public Answer sendThrough(Traffic traffic) {
            return traffic.send(this);
        }

        HttpCall toCall(Session session) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (target != null) {
                headers.put("X-Amz-Target", target);
            }
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            return new HttpCall("POST", "/", headers, body(session));
        }

        /** Whether the service takes this for AWS's protocol (else its REST API answers). */
        boolean isAwsProtocol() {
            return target != null;
        }

        private byte[] body(Session session) {
            ObjectNode object = Json.object();
            members.forEach((name, value) -> object.set(name,
                    value.isTextual() ? Json.NODES.textNode(session.resolve(value.textValue())) : value));
            return switch (bodyForm) {
                case 1 -> ascii(object); // lone surrogates survive as \\uD800 escapes
                case 2 -> new byte[0];
                case 3 -> HttpCall.utf8(junk);
                case 4 -> HttpCall.utf8(Json.write(object.put("padding", "x".repeat(1024 * 1024 + 1))));
                case 5 -> HttpCall.utf8(members.isEmpty() ? "{\"a\": 1, \"a\": 2}" : Json.write(object)
                        .replaceFirst("^\\{", "{\"" + members.keySet().iterator().next() + "\": 1, ")); // the first member twice
                case 6 -> invalidUtf8(object);
                default -> HttpCall.utf8(Json.write(object));
            };
        }

        private static byte[] ascii(JsonNode object) {
            try {
                return ASCII.writeValueAsBytes(object);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The body with bytes that are no UTF-8 at the start of its first member's value, if that is a string. */
        private static byte[] invalidUtf8(JsonNode object) {
            String json = Json.write(object);
            byte[] text = HttpCall.utf8(json);
            int quote = json.indexOf("\":\"") + 2; // the opening quote of the first string value
            int after = quote < 2 ? -1 : HttpCall.utf8(json.substring(0, quote + 1)).length - 1;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < text.length; i++) {
                out.write(text[i]);
                if (i == after) {
                    out.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
                }
            }
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return "AwsRequest[" + target + ", " + contentType + ", form " + bodyForm + ", "
                    + dev.statewright.interpreter.properties.Shown.elided(members.toString()) + "]";
        }
    }

    static Arbitrary<AwsRequest> requests() {
        Arbitrary<Map<String, JsonNode>> machineArn = members(m("stateMachineArn", machineArns(), 0.95));
        Arbitrary<Map<String, JsonNode>> executionArn = members(m("executionArn", executionArns(), 0.95));
        Arbitrary<Map<String, JsonNode>> activityArn = members(m("activityArn", activityArns(), 0.95));
        Arbitrary<Map<String, JsonNode>> page = members(m("maxResults", maxResults(), 0.5), m("nextToken", nextTokens(), 0.4));
        Arbitrary<Map<String, JsonNode>> start = members(m("stateMachineArn", machineArns(), 0.95),
                m("name", executionNames(), 0.7), m("input", inputs(), 0.8));
        Arbitrary<Tuple.Tuple2<String, Map<String, JsonNode>>> operations = Arbitraries.frequencyOf(List.of(
                op(4, "CreateStateMachine", members(m("name", machineNames(), 0.95), m("definition", definitions(), 0.95),
                        m("type", machineTypes(), 0.3), m("roleArn", roleArns(), 0.9), m("tags", tags(), 0.2))),
                op(2, "DescribeStateMachine", machineArn),
                op(2, "ListStateMachines", page),
                op(2, "UpdateStateMachine", members(m("stateMachineArn", machineArns(), 0.95),
                        m("definition", definitions(), 0.6), m("roleArn", roleArns(), 0.3))),
                op(1, "DeleteStateMachine", machineArn),
                op(2, "ValidateStateMachineDefinition", members(m("definition", definitions(), 0.95),
                        m("type", machineTypes(), 0.3), m("maxResults", maxResults(), 0.3))),
                op(6, "StartExecution", start),
                op(2, "StartSyncExecution", start),
                op(4, "DescribeExecution", executionArn),
                op(1, "DescribeStateMachineForExecution", executionArn),
                op(2, "ListExecutions", members(m("stateMachineArn", machineArns(), 0.95), m("statusFilter", statuses(), 0.3),
                        m("maxResults", maxResults(), 0.3), m("nextToken", nextTokens(), 0.3))),
                op(3, "GetExecutionHistory", members(m("executionArn", executionArns(), 0.95), m("maxResults", maxResults(), 0.3),
                        m("nextToken", nextTokens(), 0.3), m("reverseOrder", booleans(), 0.3),
                        m("includeExecutionData", booleans(), 0.2))),
                op(2, "StopExecution", members(m("executionArn", executionArns(), 0.95), m("error", texts(), 0.4),
                        m("cause", texts(), 0.4))),
                op(2, "RedriveExecution", members(m("executionArn", executionArns(), 0.95), m("clientToken", texts(), 0.4))),
                op(1, "TagResource", members(m("resourceArn", machineArns(), 0.95), m("tags", tags(), 0.9))),
                op(1, "UntagResource", members(m("resourceArn", machineArns(), 0.95), m("tagKeys", tagKeys(), 0.9))),
                op(1, "ListTagsForResource", members(m("resourceArn", machineArns(), 0.95))),
                op(2, "CreateActivity", members(m("name", activityNames(), 0.95), m("tags", tags(), 0.1))),
                op(1, "DescribeActivity", activityArn),
                op(1, "ListActivities", page),
                op(1, "DeleteActivity", activityArn),
                op(2, "GetActivityTask", members(m("activityArn", activityArns(), 0.95), m("workerName", texts(), 0.3))),
                op(2, "SendTaskSuccess", members(m("taskToken", tokens(), 0.95), m("output", inputs(), 0.9))),
                op(1, "SendTaskFailure", members(m("taskToken", tokens(), 0.95), m("error", texts(), 0.5),
                        m("cause", texts(), 0.5))),
                op(1, "SendTaskHeartbeat", members(m("taskToken", tokens(), 0.95))),
                op(3, "TestState", members(m("definition", testStateDefinitions(), 0.95), m("input", inputs(), 0.6),
                        m("inspectionLevel", Arbitraries.of("INFO", "DEBUG", "TRACE", "debug", "").map(AwsRequests::text), 0.5),
                        m("variables", variables(), 0.2), m("stateName", texts(), 0.1), m("mock", mocks(), 0.3),
                        m("revealSecrets", booleans(), 0.1), m("stateConfiguration", stateConfigurations(), 0.2))),
                // Now and then the members of one operation under another's name.
                op(1, "DescribeExecution", start),
                op(1, "CreateStateMachine", executionArn)));
        Arbitrary<String> oddTargets = Arbitraries.of("AWSStepFunctions.MakeCoffee", "AWSStepFunctions.",
                "awsstepfunctions.ListStateMachines", "StepFunctions.ListStateMachines", "AWSStepFunctions.ListStateMachines ",
                "", "\u00e9", "AWSStepFunctions.RedriveMapRun", "AWSStepFunctions.ListMapRuns");
        // Most requests name their operation as AWS does; some name another, some none (then the REST API answers).
        Arbitrary<Integer> targetForms = Arbitraries.frequency(Tuple.of(30, 0), Tuple.of(1, 1), Tuple.of(1, 2));
        Arbitrary<String> contentTypes = Arbitraries.frequency(Tuple.of(8, AnswerShape.AWS_JSON),
                Tuple.of(1, "application/json"), Tuple.of(1, "text/plain; charset=iso-8859-1"), Tuple.of(1, "none"));
        Arbitrary<Integer> bodyForms = Arbitraries.frequency(Tuple.of(30, 0), Tuple.of(4, 1), Tuple.of(1, 2), Tuple.of(2, 3),
                Tuple.of(1, 4), Tuple.of(1, 5), Tuple.of(1, 6));
        Arbitrary<String> junk = Arbitraries.of("not json", "{", "{\"a\": 1} trailing", "[1, 2]", "\"text\"", "null", "42",
                "{\"a\": }", "[".repeat(1200) + "]".repeat(1200), "{\"a\":".repeat(1100) + "1" + "}".repeat(1100),
                "\u0000", "{\"maxResults\": 1e999999}", "{\"name\": \"\\ud800\"}");
        return Combinators.combine(operations, targetForms, oddTargets, contentTypes, bodyForms, junk)
                .as((operation, targetForm, oddTarget, contentType, bodyForm, junkText) -> new AwsRequest(
                        targetForm == 0 ? "AWSStepFunctions." + operation.get1() : targetForm == 1 ? oddTarget : null,
                        "none".equals(contentType) ? null : contentType, operation.get2(), bodyForm, junkText));
    }

    /**
     * Starts of the machines {@link ServiceRuns#createKnownResources} makes, mostly well formed,
     * with generated inputs: the traffic whose acknowledgements a restart must keep.
     */
    static Arbitrary<AwsRequest> starts() {
        Arbitrary<JsonNode> knownMachines = Arbitraries.of("m1", "m2", "wait-m", "activity-m", "callback-m", "express-1")
                .map(name -> text(Session.ARN_PREFIX + "stateMachine:" + name));
        Arbitrary<JsonNode> names = Arbitraries.frequencyOf(Tuple.of(3, executionNames()),
                Tuple.of(2, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40).map(AwsRequests::text)));
        Arbitrary<Map<String, JsonNode>> members = members(m("stateMachineArn", knownMachines, 1.0), m("name", names, 0.7),
                m("input", inputs(), 0.9));
        return Combinators.combine(Arbitraries.of("StartExecution", "StartExecution", "StartSyncExecution"), members,
                        Arbitraries.frequency(Tuple.of(9, 0), Tuple.of(1, 1)))
                .as((operation, chosen, bodyForm) -> new AwsRequest("AWSStepFunctions." + operation, AnswerShape.AWS_JSON,
                        chosen, bodyForm, ""));
    }

    private static Tuple.Tuple2<Integer, Arbitrary<Tuple.Tuple2<String, Map<String, JsonNode>>>> op(
            int weight, String operation, Arbitrary<Map<String, JsonNode>> members) {
        return Tuple.of(weight, Shared.of(members.map(chosen -> Tuple.of(operation, chosen))));
    }

    // ---- members ----

    /** A member: its name, its values, and how often it is there at all. */
    private record Member(String name, Arbitrary<JsonNode> value, double presence) {
    }

    private static Member m(String name, Arbitrary<JsonNode> value, double presence) {
        return new Member(name, value, presence);
    }

    /** The members of a request: each present as often as it says, now and then of the wrong type or null. */
    private static Arbitrary<Map<String, JsonNode>> members(Member... members) {
        List<Arbitrary<JsonNode>> values = new ArrayList<>();
        for (Member member : members) {
            values.add(Shared.of(Arbitraries.frequencyOf(Tuple.of(92, Shared.of(member.value())), Tuple.of(5, wrongTypes()),
                    Tuple.of(3, Arbitraries.just(Json.NODES.nullNode())))).injectNull(1 - member.presence()));
        }
        return Shared.of(Combinators.combine(values).as(chosen -> {
            Map<String, JsonNode> map = new LinkedHashMap<>();
            for (int i = 0; i < members.length; i++) {
                if (chosen.get(i) != null) {
                    map.put(members[i].name(), chosen.get(i));
                }
            }
            return map;
        }));
    }

    private static JsonNode text(String value) {
        return Json.NODES.textNode(value);
    }

    private static Arbitrary<JsonNode> wrongTypes() {
        return Arbitraries.oneOf(JsonValues.numbers(), Arbitraries.of(true, false).map(Json.NODES::booleanNode),
                Arbitraries.just(Json.NODES.arrayNode().add("x")), Arbitraries.just(Json.object().put("k", "v")),
                Arbitraries.just(Json.NODES.numberNode(new java.math.BigDecimal("1e400"))));
    }

    /** Names: a few that collide (so requests find what others made), valid random ones, and invalid ones. */
    private static Arbitrary<String> names(String... colliding) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(colliding)),
                Tuple.of(2, Arbitraries.strings().alpha().numeric().withChars("-_").ofMinLength(1).ofMaxLength(80)),
                Tuple.of(2, Arbitraries.of("", " ", "a b", "tab\there", "x".repeat(80), "x".repeat(81), "\u540d\u524d",
                        "\ud800", "lone\udc00", "emoji\ud83d\ude00", "a/b", "a:b", "a#b", "a*b", "\u0085", "\u00a0nbsp",
                        "\u200bzero-width", "\u00e9".repeat(80), "-", "_", "$", "a\u0000b", "..")));
    }

    private static Arbitrary<JsonNode> machineNames() {
        return names("m1", "m2", "express-1", "activity-m", "callback-m", "wait-m").map(AwsRequests::text);
    }

    private static Arbitrary<JsonNode> activityNames() {
        return names("act1", "act2").map(AwsRequests::text);
    }

    private static Arbitrary<JsonNode> executionNames() {
        return names("e1", "e2", "e3").map(AwsRequests::text);
    }

    private static Arbitrary<JsonNode> machineArns() {
        Arbitrary<String> names = names("m1", "m2", "express-1", "activity-m", "callback-m", "wait-m");
        return Arbitraries.frequencyOf(
                Tuple.of(8, names.map(name -> Session.ARN_PREFIX + "stateMachine:" + name)),
                Tuple.of(1, names.map(name -> Session.ARN_PREFIX + "stateMachine:" + name + "#SomeTestCase")),
                Tuple.of(1, names.map(name -> Session.ARN_PREFIX + "stateMachine:" + name + ":1")),
                Tuple.of(2, badArns())).map(AwsRequests::text);
    }

    private static Arbitrary<JsonNode> executionArns() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(Session.EXECUTION)),
                Tuple.of(4, Combinators.combine(names("m1", "m2", "express-1"), names("e1", "e2", "e3"))
                        .as((machine, execution) -> Session.ARN_PREFIX + "execution:" + machine + ":" + execution)),
                Tuple.of(1, Arbitraries.of(Session.ARN_PREFIX + "express:express-1:e1:00000000-0000-0000-0000-000000000000",
                        Session.ARN_PREFIX + "execution:m1", Session.ARN_PREFIX + "execution:", Session.ARN_PREFIX + "execution:m1:e1:x")),
                Tuple.of(2, badArns())).map(AwsRequests::text);
    }

    private static Arbitrary<JsonNode> activityArns() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, names("act1", "act2").map(name -> Session.ARN_PREFIX + "activity:" + name)),
                Tuple.of(1, badArns())).map(AwsRequests::text);
    }

    private static Arbitrary<String> badArns() {
        return Arbitraries.oneOf(Arbitraries.of("", "arn", "arn:aws:states", "arn:aws:states:us-east-1:123456789012:",
                        "arn:aws:states:eu-west-1:123456789012:stateMachine:m1", "arn:aws:states:us-east-1:000000000000:stateMachine:m1",
                        "arn:aws:states:us-east-1:123456789012:stateMachine:", "arn:aws:lambda:us-east-1:123456789012:function:f",
                        "arn:aws:states:us-east-1:123456789012:activity:act1", "arn:aws:states:us-east-1:123456789012:execution:m1:e1",
                        " arn:aws:states:us-east-1:123456789012:stateMachine:m1", "arn:aws:states:us-east-1:123456789012:stateMachine:m1\n",
                        "arn:aws:states:us-east-1:123456789012:stateMachine:\ud800", "arn:aws:states:us-east-1:123456789012:stateMachine:a:b:c"),
                JsonValues.text());
    }

    private static Arbitrary<JsonNode> roleArns() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(ROLE)),
                Tuple.of(1, Arbitraries.of("", "not-an-arn", "arn:aws:iam::aws:policy/AdministratorAccess", "\ud800")))
                .map(AwsRequests::text);
    }

    private static Arbitrary<JsonNode> machineTypes() {
        return Arbitraries.of("STANDARD", "EXPRESS", "express", "FAST", "").map(AwsRequests::text);
    }

    private static Arbitrary<JsonNode> statuses() {
        return Arbitraries.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE", "running", "")
                .map(AwsRequests::text);
    }

    private static Arbitrary<JsonNode> booleans() {
        return Arbitraries.of(true, false).map(Json.NODES::booleanNode);
    }

    private static Arbitrary<JsonNode> texts() {
        return Arbitraries.frequencyOf(Tuple.of(5, JsonValues.text()), Tuple.of(1, Arbitraries.just("c".repeat(40_000))))
                .map(AwsRequests::text);
    }

    /** maxResults at and past its edges, and of other types. */
    private static Arbitrary<JsonNode> maxResults() {
        return Arbitraries.oneOf(
                Arbitraries.of(-1, 0, 1, 2, 100, 999, 1000, 1001, Integer.MAX_VALUE, Integer.MIN_VALUE).map(Json.NODES::numberNode),
                Arbitraries.of(Long.MAX_VALUE, 4_294_967_297L).map(Json.NODES::numberNode),
                Arbitraries.of("5", "1.5", "1e3", "99999999999999999999999").map(n -> (JsonNode) Json.NODES.numberNode(new java.math.BigDecimal(n))),
                Arbitraries.of("5", "").map(AwsRequests::text));
    }

    /** Next tokens: one an earlier answer gave, well-formed ones for other lists or positions, and junk. */
    private static Arbitrary<JsonNode> nextTokens() {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Session.NEXT_TOKEN)),
                Tuple.of(3, Arbitraries.of("stateMachines:1", "stateMachines:-1", "stateMachines:99999999999", "executions:",
                        "executions:\u0000", "history:0", "history:-5", "history:9223372036854775807", "events:1",
                        "events-reverse:1", "events:99999999999999999999", "activities:2147483647", "executions:zz",
                        "stateMachines:2147483648").map(plain -> base64.encodeToString(plain.getBytes(StandardCharsets.UTF_8)))),
                Tuple.of(2, Arbitraries.of("", "=", "%%%", "bm90aGluZw==", "\ud800", "a".repeat(5000), "....", "AAAA")),
                Tuple.of(1, JsonValues.text())).map(AwsRequests::text);
    }

    private static Arbitrary<JsonNode> tokens() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(Session.TOKEN)),
                Tuple.of(4, JsonValues.text()),
                Tuple.of(4, Arbitraries.of("", "x".repeat(1025), "A".repeat(63), "A".repeat(2000), "\ud800".repeat(70))),
                // Well-formed but unknown: answered after the 2 s a token may take to arrive, so rare.
                Tuple.of(1, Arbitraries.of("Q".repeat(64)))).map(AwsRequests::text);
    }

    private static Arbitrary<JsonNode> tags() {
        Arbitrary<JsonNode> tag = Combinators.combine(JsonValues.text(), JsonValues.text().injectNull(0.2))
                .as((key, value) -> {
                    ObjectNode node = Json.object().put("key", key);
                    if (value != null) {
                        node.put("value", value);
                    }
                    return (JsonNode) node;
                });
        return Arbitraries.oneOf(tag.list().ofMaxSize(4).map(list -> Json.NODES.arrayNode().addAll(list)),
                Arbitraries.of("k", "{}").map(AwsRequests::text),
                Arbitraries.just(Json.NODES.arrayNode().add(Json.object().put("value", "no key")).add(7)));
    }

    private static Arbitrary<JsonNode> tagKeys() {
        return Arbitraries.oneOf(JsonValues.text().list().ofMaxSize(3).map(keys -> {
            var array = Json.NODES.arrayNode();
            keys.forEach(array::add);
            return (JsonNode) array;
        }), Arbitraries.just(Json.NODES.arrayNode().add(1).addNull().add(Json.object())));
    }

    /** Definitions: generated valid ones, mutated ones, and ones that wait for a worker, a callback or an hour. */
    private static Arbitrary<JsonNode> definitions() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, ValidDefinitions.machines().map(Json::write)),
                Tuple.of(2, DefinitionMutations.texts()),
                Tuple.of(2, Arbitraries.of(ACTIVITY_MACHINE, CALLBACK_MACHINE, WAIT_MACHINE)),
                Tuple.of(1, Arbitraries.of("", "{}", "null", "[]", "{\"StartAt\": 1}"))).map(AwsRequests::text);
    }

    /** Execution inputs as text: generated JSON, deep or large JSON, and text that is no JSON value. */
    private static Arbitrary<JsonNode> inputs() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, JsonValues.inputs().map(Json::write)),
                Tuple.of(1, JsonValues.deeplyNested().map(deep -> Json.write(deep.value()))),
                Tuple.of(1, Arbitraries.of("", " ", "{", "{} {}", "nope", "{\"a\": 1}\u0000", "\"\ud800\"",
                        "[" + "1,".repeat(100_000) + "1]", "{\"s\": \"" + "y".repeat(300 * 1024) + "\"}")))
                .map(AwsRequests::text);
    }

    /** TestState's definition: one state (taken from a generated machine), a whole machine, or junk. */
    private static Arbitrary<JsonNode> testStateDefinitions() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, ValidDefinitions.machines().map(machine -> {
                    ObjectNode first = (ObjectNode) machine.get("States").get(machine.get("StartAt").asText()).deepCopy();
                    if (machine.has("QueryLanguage") && !first.has("QueryLanguage")) {
                        first.set("QueryLanguage", machine.get("QueryLanguage"));
                    }
                    return Json.write(first);
                })),
                Tuple.of(1, ValidDefinitions.machines().map(Json::write)),
                Tuple.of(1, Arbitraries.of("{\"Type\": \"Pass\"}", "{\"Type\": \"Nope\"}", "{}", "", "[]",
                        "{\"Type\": \"Task\", \"Resource\": \"" + Session.ARN_PREFIX + "activity:act1\", \"End\": true}")))
                .map(AwsRequests::text);
    }

    private static Arbitrary<JsonNode> variables() {
        return Arbitraries.oneOf(JsonValues.values().map(Json::write), Arbitraries.of("{\"x\": 1}", "nope", "")).map(AwsRequests::text);
    }

    private static Arbitrary<JsonNode> mocks() {
        return Arbitraries.oneOf(
                JsonValues.values().map(value -> (JsonNode) Json.object().put("result", Json.write(value))),
                Arbitraries.just(Json.object().put("result", "not json")),
                Arbitraries.just((JsonNode) Json.object().set("errorOutput", Json.object().put("error", "E").put("cause", "c"))),
                Arbitraries.just(Json.object().put("result", "1").put("fieldValidationMode", "STRICT")),
                Arbitraries.just((JsonNode) Json.object().put("result", "[]").set("errorOutput", Json.object())));
    }

    private static Arbitrary<JsonNode> stateConfigurations() {
        return Combinators.combine(Arbitraries.integers().between(-1, 100), JsonValues.text(), JsonValues.values())
                .as((count, state, data) -> {
                    ObjectNode configuration = Json.object().put("retrierRetryCount", count).put("errorCausedByState", state)
                            .put("mapIterationFailureCount", count);
                    configuration.set("mapItemReaderData", data);
                    return (JsonNode) configuration;
                });
    }
}
