package dev.statewright.api.observe;

import dev.statewright.api.ObservabilityConfig;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.engine.TaskHandlers;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The service as a process of its own that sends status events to a webhook, for the test that
 * kills it: args are the port, the data directory and the webhook's URL. Prints {@link #READY}
 * once it listens; SIGTERM closes it cleanly.
 */
public final class EventsTestServer {
    static final String READY = "EVENTS-READY";

    private EventsTestServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceConfig config = ServiceConfig.defaults().withPort(Integer.parseInt(args[0])).withDataDirectory(Path.of(args[1]))
                .withWaitTimeScale(0).withObservability(ObservabilityConfig.NONE.withWebhooks(List.of(URI.create(args[2]))));
        StatewrightService service = StatewrightService.start(config, TaskHandlers.none());
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "clean-stop"));
        System.out.println(READY);
        System.out.flush();
        Thread.currentThread().join();
    }
}
