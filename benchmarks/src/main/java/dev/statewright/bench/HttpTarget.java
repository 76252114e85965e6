package dev.statewright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

import java.util.List;

/**
 * The durable service in a child JVM, driven over HTTP with AWS's JSON protocol. Each execution
 * is one StartSyncExecution of an EXPRESS machine: the service answers once the execution's end
 * is committed to its store, so a success counted here is a durable one.
 */
public final class HttpTarget implements BenchTarget {
    private final ChildService service;
    private final AwsJsonClient client;

    public HttpTarget(List<String> serviceJvmOptions) throws Exception {
        this.service = ChildService.start(serviceJvmOptions, 0);
        this.client = new AwsJsonClient(service.port());
    }

    @Override
    public String mode() {
        return "http";
    }

    @Override
    public ExecutionDriver prepare(BenchMachine machine) throws Exception {
        ObjectNode create = Json.object().put("name", machine.name()).put("definition", machine.definition())
                .put("roleArn", DurableTarget.ROLE).put("type", "EXPRESS");
        String arn = client.call("CreateStateMachine", create).path("stateMachineArn").asText();
        return () -> {
            ObjectNode start = Json.object().put("stateMachineArn", arn).put("input", machine.input());
            JsonNode ended = client.call("StartSyncExecution", start);
            if (!"SUCCEEDED".equals(ended.path("status").asText())) {
                throw new IllegalStateException(machine.name() + " ended " + ended.path("status").asText() + ": "
                        + ended.path("error").asText() + " " + ended.path("cause").asText());
            }
            return Json.parse(ended.path("output").asText());
        };
    }

    @Override
    public void resetPeaks() throws Exception {
        service.ask("reset");
    }

    /** The service's peaks, not this client's. */
    @Override
    public MemoryPeaks peaks() throws Exception {
        return service.peaks();
    }

    @Override
    public void close() throws Exception {
        client.close();
        service.close();
    }
}
