package dev.statewright.api.properties;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.properties.DefinitionMutations;
import dev.statewright.interpreter.properties.JsonValues;
import dev.statewright.interpreter.properties.Shared;
import dev.statewright.interpreter.properties.ValidDefinitions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests of the REST API: its routes with machine names and execution ids from colliding pools
 * (and the last execution an answer named), odd ids, query parameters at their edges and of the
 * wrong kind, bodies that are definitions, inputs or junk, unknown paths and methods, and now and
 * then the headers of a browser on another site. The web console's files (GET / and /console/)
 * are pages for browsers, not API, and are left out.
 */
final class RestRequests {
    static final String EXECUTION_ID = "{{executionId}}";

    private RestRequests() {
    }

    /** A REST request before the placeholders in it are filled in from the session. */
    record RestRequest(String method, List<String> segments, List<Map.Entry<String, String>> query, String body,
                       Map<String, String> headers) implements ApiCall {

        @Override
        public Answer sendThrough(Traffic traffic) {
            return traffic.send(this);
        }

        HttpCall toCall(Session session) {
            StringBuilder path = new StringBuilder();
            for (String segment : segments) {
                path.append('/').append(encode(EXECUTION_ID.equals(segment) ? session.executionId() : session.resolve(segment)));
            }
            if (path.length() == 0) {
                path.append('/');
            }
            String separator = "?";
            for (Map.Entry<String, String> parameter : query) {
                path.append(separator).append(encode(parameter.getKey()));
                if (parameter.getValue() != null) {
                    path.append('=').append(encode(session.resolve(parameter.getValue())));
                }
                separator = "&";
            }
            return new HttpCall(method, path.toString(), headers, HttpCall.utf8(body));
        }

        /** Whether this starts an execution (then a 201 acknowledges one, with the body as its input). */
        boolean startsAnExecution() {
            return "POST".equals(method) && segments.size() == 3 && "state-machines".equals(segments.get(0))
                    && "executions".equals(segments.get(2));
        }

        @Override
        public String toString() {
            return "RestRequest[" + method + " " + segments + " " + query + " " + headers + " body "
                    + dev.statewright.interpreter.properties.Shown.elided(body) + "]";
        }
    }

    /** Percent-encodes every byte but the unreserved characters of RFC 3986. */
    static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~' || c == ':') {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return encoded.toString();
    }

    static Arbitrary<RestRequest> requests() {
        Arbitrary<String> machines = names("m1", "m2", "express-1", "wait-m");
        Arbitrary<String> executions = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(EXECUTION_ID)),
                Tuple.of(3, Combinators.combine(machines, names("e1", "e2", "e3")).as((m, e) -> m + ":" + e)),
                Tuple.of(1, Arbitraries.of("m1", "a:b:c", ":e1", "m1:", "m1:e1:extra:more", "::", "\u00e9:\u00e9")));
        Arbitrary<List<Map.Entry<String, String>>> pages = query(Tuple.of("maxResults", maxResults()),
                Tuple.of("nextToken", nextTokens()));
        Arbitrary<Route> routes = Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(machines, query(Tuple.of("type", Arbitraries.of("STANDARD", "EXPRESS", "express", ""))),
                                definitions())
                        .as((m, q, body) -> new Route("POST", List.of("state-machines"), withName(q, m), body))),
                Tuple.of(1, Arbitraries.just(new Route("GET", List.of("state-machines"), List.of(), ""))),
                Tuple.of(2, machines.map(m -> new Route("GET", List.of("state-machines", m), List.of(), ""))),
                Tuple.of(4, Combinators.combine(machines, names("e1", "e2", "e3").injectNull(0.3), inputs())
                        .as((m, e, body) -> new Route("POST", List.of("state-machines", m, "executions"),
                                e == null ? List.of() : List.of(Map.entry("name", e)), body))),
                Tuple.of(2, Combinators.combine(machines, pages).as((m, q) -> new Route("GET", List.of("state-machines", m, "executions"), q, ""))),
                Tuple.of(3, executions.map(id -> new Route("GET", List.of("executions", id), List.of(), ""))),
                Tuple.of(2, Combinators.combine(executions, pages).as((id, q) -> new Route("GET", List.of("executions", id, "history"), q, ""))),
                Tuple.of(1, Combinators.combine(executions, query(Tuple.of("error", JsonValues.text()), Tuple.of("cause", JsonValues.text())))
                        .as((id, q) -> new Route("POST", List.of("executions", id, "stop"), q, ""))),
                Tuple.of(2, Combinators.combine(query(Tuple.of("type", Arbitraries.of("STANDARD", "EXPRESS", "x"))), definitions())
                        .as((q, body) -> new Route("POST", List.of("validate"), q, body))),
                Tuple.of(2, query(Tuple.of("status", Arbitraries.of("RUNNING", "FAILED", "SUCCEEDED", "nope", "")),
                        Tuple.of("name", JsonValues.text()), Tuple.of("stateMachine", machines), Tuple.of("maxResults", maxResults()),
                        Tuple.of("nextToken", nextTokens())).map(q -> new Route("GET", List.of("executions"), q, ""))),
                Tuple.of(1, machines.map(m -> new Route("GET", List.of("state-machines", m, "graph"), List.of(), ""))),
                Tuple.of(1, machines.map(m -> new Route("GET", List.of("state-machines", m, "test-cases"), List.of(), ""))),
                Tuple.of(1, Combinators.combine(machines, JsonValues.text()).as((m, testCase) -> new Route("POST",
                        List.of("state-machines", m, "executions"), List.of(Map.entry("testCase", testCase)), "{}"))),
                Tuple.of(1, Combinators.combine(executions, Arbitraries.of("graph", "states", "test"))
                        .as((id, view) -> new Route("GET", List.of("executions", id, view), List.of(), ""))),
                Tuple.of(1, Arbitraries.of("execution-counts", "callbacks").map(path -> new Route("GET", List.of(path), List.of(), ""))),
                Tuple.of(2, Arbitraries.of(List.of("nope"), List.of("state-machines", ""), List.of("executions", ""), List.of("", ""),
                        List.of("state-machines", "m1", "executions", "e1"), List.of("..", "state-machines"), List.of("%2e%2e"),
                        List.of("executions", "m1:e1", "history", "more"), List.of("x".repeat(6000)), List.of("state-machines", "\ud800"),
                        List.of("validate", "x"), List.of("callbacks", "t")).map(path -> new Route("GET", path, List.of(), ""))));
        Arbitrary<String> methods = Arbitraries.frequency(Tuple.of(12, ""), Tuple.of(1, "DELETE"), Tuple.of(1, "PUT"),
                Tuple.of(1, "PATCH"), Tuple.of(1, "GET"), Tuple.of(1, "POST"), Tuple.of(1, "OPTIONS"));
        Arbitrary<Map<String, String>> headers = Arbitraries.frequency(
                Tuple.of(12, Map.<String, String>of()),
                Tuple.of(1, Map.of("Origin", "http://evil.example")),
                Tuple.of(1, Map.of("Sec-Fetch-Site", "cross-site")),
                Tuple.of(1, Map.of("Origin", "null", "Content-Type", "text/plain")),
                Tuple.of(1, Map.of("Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin")));
        return Shared.of(Combinators.combine(routes, methods, headers)
                .as((route, method, header) -> new RestRequest(method.isEmpty() ? route.method() : method, route.segments(),
                        route.query(), route.body(), header)));
    }

    /** A route of the API with its path segments, query and body, before a method may be swapped for another. */
    private record Route(String method, List<String> segments, List<Map.Entry<String, String>> query, String body) {
    }

    private static List<Map.Entry<String, String>> withName(List<Map.Entry<String, String>> query, String name) {
        List<Map.Entry<String, String>> all = new java.util.ArrayList<>(query);
        all.add(0, Map.entry("name", name));
        return all;
    }

    /** Query parameters, each present half of the time, sometimes twice or without a value. */
    @SafeVarargs
    private static Arbitrary<List<Map.Entry<String, String>>> query(Tuple.Tuple2<String, Arbitrary<String>>... parameters) {
        List<Arbitrary<List<Map.Entry<String, String>>>> each = new java.util.ArrayList<>();
        for (Tuple.Tuple2<String, Arbitrary<String>> parameter : parameters) {
            each.add(Arbitraries.frequencyOf(
                    Tuple.of(6, Arbitraries.just(List.<Map.Entry<String, String>>of())),
                    Tuple.of(5, parameter.get2().map(value -> List.of(Map.entry(parameter.get1(), value)))),
                    Tuple.of(1, parameter.get2().map(value -> List.of(Map.entry(parameter.get1(), value),
                            Map.entry(parameter.get1(), "2")))),
                    Tuple.of(1, Arbitraries.just(List.of(new java.util.AbstractMap.SimpleEntry<>(parameter.get1(), (String) null))))));
        }
        return Combinators.combine(each).as(lists -> {
            List<Map.Entry<String, String>> all = new java.util.ArrayList<>();
            lists.forEach(all::addAll);
            return all;
        });
    }

    private static Arbitrary<String> names(String... colliding) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(colliding)),
                Tuple.of(1, Arbitraries.strings().alpha().numeric().withChars("-_").ofMinLength(1).ofMaxLength(80)),
                Tuple.of(2, Arbitraries.of("", " ", "a b", "x".repeat(81), "\u540d\u524d", "\ud800", "a/b", "a:b", "a#b", "a?b",
                        "%", "..", "emoji\ud83d\ude00", "\u00a0")));
    }

    private static Arbitrary<String> maxResults() {
        return Arbitraries.of("1", "0", "2", "1000", "1001", "-1", "abc", "", "99999999999", "1.5", " 5", "0x10");
    }

    private static Arbitrary<String> nextTokens() {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Session.NEXT_TOKEN)),
                Tuple.of(2, Arbitraries.of("executions:1", "executions:", "history:0", "history:-1", "history:99999999999999999999",
                        "history:x", "stateMachines:1").map(plain -> base64.encodeToString(plain.getBytes(StandardCharsets.UTF_8)))),
                Tuple.of(2, Arbitraries.of("", "%", "===", "bm90aGluZw==", "a".repeat(3000))));
    }

    private static Arbitrary<String> definitions() {
        return Arbitraries.frequencyOf(Tuple.of(4, ValidDefinitions.machines().map(Json::write)),
                Tuple.of(2, DefinitionMutations.texts()),
                Tuple.of(1, Arbitraries.of(AwsRequests.WAIT_MACHINE, AwsRequests.CALLBACK_MACHINE, "", "{}", "x".repeat(1024 * 1024 + 1))));
    }

    /** An execution's input as a body: generated JSON, blank (taken as {}), junk, deep or large. */
    private static Arbitrary<String> inputs() {
        return Arbitraries.frequencyOf(Tuple.of(8, JsonValues.inputs().map(Json::write)),
                Tuple.of(1, JsonValues.deeplyNested().map(deep -> Json.write(deep.value()))),
                Tuple.of(1, Arbitraries.of("", "  ", "{", "nope", "{} {}", "{\"s\": \"" + "y".repeat(300 * 1024) + "\"}")));
    }

    /** For the restart property: the input a 201 acknowledged, as the service read the body. */
    static String acknowledgedInput(HttpCall call) {
        String body = call.bodyText();
        return body.isBlank() ? "{}" : body;
    }

    /** Whether an answer's JSON names an execution ARN (a 201 of a start does). */
    static String executionArnOf(JsonNode answer) {
        return answer.path("executionArn").asText(null);
    }
}
