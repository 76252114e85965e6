package dev.statewright.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The service as a process of its own, for {@link KillAndRestartTest}: args are the port and the
 * data directory. Its one task handler echoes its input after 400 ms, so tasks are in flight when
 * the test kills the process.
 */
public final class CrashTestServer {
    static final String SLOW_ECHO = "arn:aws:lambda:us-east-1:123456789012:function:slow-echo";

    private CrashTestServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
        TaskHandlers handlers = TaskHandlers.builder().resource(SLOW_ECHO, request -> {
            CompletableFuture<JsonNode> result = new CompletableFuture<>();
            delays.schedule(() -> result.complete(Json.object().set("echo", request.input())), 400, TimeUnit.MILLISECONDS);
            return result;
        }).build();
        ServiceConfig config = ServiceConfig.defaults().withPort(Integer.parseInt(args[0]))
                .withDataDirectory(Path.of(args[1])).withWaitTimeScale(1.0);
        StatewrightService service = StatewrightService.start(config, handlers);
        System.out.println("READY resumed=" + service.resumedExecutions());
        System.out.flush();
        Thread.currentThread().join(); // until killed
    }
}
