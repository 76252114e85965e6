package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

/**
 * What a Task's Resource ARN is, as far as its history events go: AWS records a Lambda function
 * ARN with LambdaFunction* events, an activity with Activity* events and everything else
 * (optimised and SDK integrations such as {@code arn:aws:states:::lambda:invoke}) with Task* events.
 */
record TaskResource(Kind kind, String arn, String resourceType, String resourceName) {

    enum Kind { LAMBDA_FUNCTION, ACTIVITY, INTEGRATION }

    static TaskResource of(String arn) {
        String[] fields = arn.split(":", 7);
        boolean isArn = fields.length >= 6 && fields[0].equals("arn");
        if (isArn && fields[2].equals("lambda") && fields[5].equals("function")) {
            return new TaskResource(Kind.LAMBDA_FUNCTION, arn, "lambda", arn);
        }
        if (isArn && fields[2].equals("states") && fields[5].equals("activity")) {
            return new TaskResource(Kind.ACTIVITY, arn, "activity", arn);
        }
        if (isArn && fields[2].equals("states") && fields[3].isEmpty() && arn.contains(":::")) {
            // arn:aws:states:::lambda:invoke is resource type "lambda", resource "invoke".
            String rest = arn.substring(arn.indexOf(":::") + 3);
            int colon = rest.indexOf(':');
            return colon < 0 ? new TaskResource(Kind.INTEGRATION, arn, rest, rest)
                    : new TaskResource(Kind.INTEGRATION, arn, rest.substring(0, colon), rest.substring(colon + 1));
        }
        return new TaskResource(Kind.INTEGRATION, arn, isArn ? fields[2] : arn, arn);
    }

    /**
     * Whether a Task on this resource gets a token in {@code $$.Task.Token}: a callback
     * ({@code .waitForTaskToken}), and a job run ({@code .sync}), which AWS also lets a worker
     * end with SendTask* (its recordings pass the token to a child execution).
     */
    static boolean takesTaskToken(String arn) {
        return arn.endsWith(".waitForTaskToken") || arn.endsWith(".sync") || arn.endsWith(".sync:2");
    }

    /**
     * Whether AWS records TaskSubmitted after TaskStarted: an integration that waits past its
     * call, for a token or for the job it started (every such recording has one; no other does).
     */
    boolean recordsSubmission() {
        return kind == Kind.INTEGRATION && takesTaskToken(arn);
    }

    /** The event type prefix: Scheduled, Started, Succeeded, Failed and TimedOut follow it. */
    String eventPrefix() {
        return switch (kind) {
            case LAMBDA_FUNCTION -> "LambdaFunction";
            case ACTIVITY -> "Activity";
            case INTEGRATION -> "Task";
        };
    }

    /** How AWS names the resource in a States.DataLimitExceeded cause. */
    String nameInErrors() {
        return kind == Kind.INTEGRATION && arn.contains(":::") ? resourceType : arn;
    }

    ObjectNode scheduledDetails(String region, JsonNode parameters) {
        if (kind == Kind.INTEGRATION) {
            ObjectNode details = outcomeDetails().put("region", region);
            details.set("parameters", parameters);
            return details;
        }
        ObjectNode details = Json.object().put("resource", arn);
        details.set("input", parameters);
        details.set("inputDetails", Json.object().put("truncated", false));
        return details;
    }

    /** An activity starts when a worker takes it, not when it is scheduled. */
    boolean waitsForWorker() {
        return kind == Kind.ACTIVITY;
    }

    /** AWS's LambdaFunctionStarted carries no details; its Task and Activity events name the resource. */
    ObjectNode startedDetails() {
        return kind == Kind.LAMBDA_FUNCTION ? null : outcomeDetails();
    }

    /** The fields AWS puts in Succeeded, Failed and TimedOut details before the outcome itself. */
    ObjectNode outcomeDetails() {
        return kind == Kind.INTEGRATION
                ? Json.object().put("resourceType", resourceType).put("resource", resourceName)
                : Json.object();
    }
}
