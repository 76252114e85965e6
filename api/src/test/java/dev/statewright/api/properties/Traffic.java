package dev.statewright.api.properties;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import net.jqwik.api.statistics.Statistics;

import java.util.Optional;

/**
 * Drives a service with generated requests: sends each, checks its answer's shape, learns what
 * later requests may use, and notes every execution a start acknowledged.
 */
final class Traffic {
    private final Wire wire;
    private final Session session;

    Traffic(Wire wire, Session session) {
        this.wire = wire;
        this.session = session;
    }

    Answer send(AwsRequests.AwsRequest request) {
        HttpCall call = request.toCall(session);
        Answer answer = wire.send(call);
        String type = AnswerShape.check(call, answer, request.isAwsProtocol() ? AnswerShape.AWS_JSON : AnswerShape.REST_JSON);
        Statistics.label("answer").collect(request.target() + " " + (type == null ? answer.status() : type));
        Statistics.label("answers taking 200 ms or more").collect(answer.millis() >= 200 ? request.target() : "none");
        session.learn(answer);
        String target = request.target() == null ? "" : request.target();
        if (answer.status() == 200 && (target.equals("AWSStepFunctions.StartExecution")
                || target.equals("AWSStepFunctions.StartSyncExecution"))) {
            session.acknowledge(answer.json().orElseThrow().get("executionArn").textValue(), inputOf(call));
        }
        return answer;
    }

    Answer send(RestRequests.RestRequest request) {
        HttpCall call = request.toCall(session);
        Answer answer = wire.send(call);
        String type = AnswerShape.check(call, answer, AnswerShape.REST_JSON);
        String route = request.segments().isEmpty() ? "" : request.segments().get(0);
        Statistics.label("answer").collect(request.method() + " " + route.substring(0, Math.min(route.length(), 20)) + " "
                + (type == null ? answer.status() : type));
        session.learn(answer);
        if (answer.status() == 201 && request.startsAnExecution()) {
            session.acknowledge(RestRequests.executionArnOf(answer.json().orElseThrow()), RestRequests.acknowledgedInput(call));
        }
        return answer;
    }

    /** The input of a StartExecution as the service read it from the body: its "input" member, or {} without one. */
    private static String inputOf(HttpCall call) {
        Optional<JsonNode> body;
        try {
            body = Optional.ofNullable(Json.STRICT.readTree(call.bodyText()));
        } catch (java.io.IOException e) {
            throw new AssertionError("A start with a body that is no JSON was acknowledged: " + call, e);
        }
        JsonNode input = body.map(json -> json.get("input")).orElse(null);
        return input == null || input.isNull() ? "{}" : input.textValue();
    }
}
