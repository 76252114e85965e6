package dev.statewright.cli;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.store.StoreOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code statewright serve}: the AWS Step Functions API and a REST API, with durable executions. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Starts the service: the AWS Step Functions API (point the AWS CLI or an SDK at it with",
                "--endpoint-url) and a REST API, with executions kept in --data-dir across restarts."},
        footer = {"", "Example:",
                "  statewright serve --port 8083 --data-dir ./statewright-data",
                "  aws stepfunctions list-state-machines --endpoint-url http://127.0.0.1:8083",
                "  statewright serve --host 0.0.0.0 --allowed-host devbox.lan    # reached as http://devbox.lan:8083 too"})
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(ServeCommand.class.getName());
    /**
     * Undertow's and XNIO's start and stop notices (versions, "starting server") would bury the
     * service's own lines, a start-up failure's among them; their warnings still show. Held here
     * because the logging system keeps only weak references to loggers, and their levels with them.
     */
    private static final List<Logger> CHATTY_LIBRARIES = List.of(Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"));

    @Spec
    CommandSpec spec;

    @Option(names = "--host", description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "The port to listen on (default: ${DEFAULT-VALUE}).")
    int port = 8083;

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = {"Also accept requests that name this host (repeatable), for a service reached by a name of its own"
                    + " on the network. localhost, *.localhost, IP addresses and --host are always accepted; other names are"
                    + " refused, so that a web page cannot reach the service through DNS rebinding. --allowed-host '*'"
                    + " accepts any name: for a service behind a proxy that rewrites Host."})
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where executions are kept (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("statewright-data");

    @Option(names = "--in-memory", description = "Keep nothing on disk: everything is gone when the service stops.")
    boolean inMemory;

    @Option(names = "--wait-time-scale", paramLabel = "F",
            description = "Scale Wait and retry intervals: 1 is real time, 0 completes them at once;"
                    + " TimeoutSeconds and HeartbeatSeconds keep real time"
                    + " (default: the WAIT_TIME_SCALE variable, else 1).")
    Double waitTimeScale;

    @Option(names = "--region", description = "The region in ARNs (default: ${DEFAULT-VALUE}).")
    String region = "us-east-1";

    @Option(names = "--account", description = "The account id in ARNs (default: ${DEFAULT-VALUE}).")
    String account = "123456789012";

    @Option(names = "--mock-config", paramLabel = "FILE",
            description = "Mocked task responses in Step Functions Local's format; start stateMachineArn#TestCase to use one"
                    + " (default: the SFN_MOCK_CONFIG variable).")
    Path mockConfig;

    @Option(names = "--retention-days", paramLabel = "DAYS",
            description = "How long an execution is kept after it ends, as AWS keeps them 90 days; 0 keeps them all"
                    + " (default: ${DEFAULT-VALUE}).")
    int retentionDays = 90;

    @Mixin
    LambdaOption lambda = new LambdaOption();

    @Mixin
    EndpointOptions endpoints = new EndpointOptions();

    @Mixin
    ObservabilityOptions observability = new ObservabilityOptions();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        double scale;
        try {
            scale = waitTimeScale != null ? waitTimeScale : fromEnvironment();
        } catch (NumberFormatException e) {
            err.println("statewright: WAIT_TIME_SCALE must be a number: " + System.getenv("WAIT_TIME_SCALE"));
            return ExitCodes.USAGE_OR_IO;
        }
        if (scale < 0 || Double.isNaN(scale)) {
            err.println("statewright: the wait time scale must be 0 or more");
            return ExitCodes.USAGE_OR_IO;
        }
        if (retentionDays < 0) {
            err.println("statewright: --retention-days must be 0 or more");
            return ExitCodes.USAGE_OR_IO;
        }
        ServiceConfig config;
        try {
            config = config(scale);
        } catch (IllegalArgumentException e) {
            err.println("statewright: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        CHATTY_LIBRARIES.forEach(logger -> logger.setLevel(Level.WARNING));
        long started = System.nanoTime();
        StatewrightService service;
        try {
            service = StatewrightService.start(config);
        } catch (RuntimeException e) {
            // One line for the user; the whole trace only for whoever turns this logger's level down.
            LOG.log(Level.FINE, "The service did not start", e);
            err.println("statewright: " + FailureMessages.oneLine(e));
            return ExitCodes.USAGE_OR_IO;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "statewright-shutdown"));
        out.printf("Statewright listening on http://%s:%d (data: %s; wait time scale %s; resumed %d executions; started in %d ms)%n",
                host, service.port(), inMemory ? "in memory" : dataDir.toAbsolutePath(), scale,
                service.resumedExecutions(), (System.nanoTime() - started) / 1_000_000);
        out.printf("Web console: open http://%s:%d/ in a browser%n", host, service.port());
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /** The service's configuration from the options. */
    ServiceConfig config(double scale) {
        StoreOptions store = StoreOptions.defaults().withRetention(retentionDays == 0 ? null : Duration.ofDays(retentionDays));
        return ServiceConfig.defaults().withStoreOptions(store).withHost(host).withPort(port).withAllowedHosts(allowedHosts)
                .withDataDirectory(inMemory ? null : dataDir).withWaitTimeScale(scale).withAccount(region, account)
                .withLambdaEndpoint(lambda.resolve()).withMockConfig(mockConfigFile()).withEndpoints(endpoints.resolve())
                .withObservability(observability.resolve());
    }

    private Path mockConfigFile() {
        if (mockConfig != null) {
            return mockConfig;
        }
        String variable = System.getenv("SFN_MOCK_CONFIG");
        return variable == null || variable.isBlank() ? null : Path.of(variable.trim());
    }

    private static double fromEnvironment() {
        String value = System.getenv("WAIT_TIME_SCALE");
        return value == null || value.isBlank() ? 1.0 : Double.parseDouble(value.trim());
    }
}
