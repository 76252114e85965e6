package dev.statewright.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.integrations.awssdk.AwsSdkTaskHandler;
import dev.statewright.interpreter.json.Json;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends each event to an event bus through events:PutEvents, with the endpoint, region and
 * credentials the aws-sdk integrations use for eventbridge ({@code --endpoint eventbridge=URL},
 * {@code EVENTBRIDGE_ENDPOINT}). An entry the bus refuses (FailedEntryCount) is retried.
 */
final class EventBridgeSink implements EventSink {
    private final AwsSdkTaskHandler sdk;
    private final String eventBus;

    EventBridgeSink(AwsSdkTaskHandler sdk, String eventBus) {
        this.sdk = sdk;
        this.eventBus = eventBus;
    }

    @Override
    public String name() {
        return "eventbridge " + eventBus;
    }

    @Override
    public CompletionStage<Void> send(String eventId, String eventJson) {
        JsonNode event = Json.parse(eventJson);
        ObjectNode parameters = Json.object();
        ArrayNode entries = parameters.putArray("Entries");
        ObjectNode entry = entries.addObject();
        entry.put("Source", event.get("source").asText());
        entry.put("DetailType", event.get("detail-type").asText());
        entry.put("Detail", Json.write(event.get("detail")));
        entry.set("Resources", event.get("resources"));
        entry.put("EventBusName", eventBus);
        return sdk.call("eventbridge", "putEvents", parameters, "the status-change events").thenCompose(result ->
                result.body().path("FailedEntryCount").asInt(0) == 0 ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.failedFuture(new IllegalStateException("PutEvents refused the event: "
                        + result.body().path("Entries"))));
    }
}
