package dev.statewright.cli;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.auth.SecuritySettings;
import dev.statewright.api.store.StoreOptions;
import dev.statewright.api.store.postgres.DatabaseUrl;
import dev.statewright.api.store.postgres.PostgresOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
                "  statewright serve --database postgresql://sw:secret@db.lan:5432/statewright   # several nodes may share it",
                "  statewright serve --host 0.0.0.0 --allowed-host devbox.lan --credentials team-credentials \\",
                "      --tls-cert cert.pem --tls-key key.pem --allow-task-host api.internal    # for a team",
                "  aws stepfunctions list-state-machines --profile team --endpoint-url https://devbox.lan:8083"})
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

    @Option(names = "--database", paramLabel = "URL",
            description = {"Keep everything in a PostgreSQL database instead of --data-dir:"
                    + " postgresql://user:password@host:port/database (default: the STATEWRIGHT_DATABASE variable)."
                    + " Any number of services may share one database; each drives the executions it started, and"
                    + " takes over those of a service that stopped or died."})
    String database;

    @Option(names = "--lease-seconds", paramLabel = "S",
            description = "With --database: how long a service that stops answering keeps its executions before another"
                    + " takes them over (default: ${DEFAULT-VALUE}).")
    double leaseSeconds = PostgresOptions.DEFAULT_LEASE.toMillis() / 1000.0;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = {"Callers must prove a key of this file, in the AWS shared-credentials format ([profile] with"
                    + " aws_access_key_id and aws_secret_access_key): the AWS API checks each request's Signature V4 (the"
                    + " AWS CLI and SDKs sign with a profile of the same file), the REST API wants 'Authorization: Bearer"
                    + " KEY_ID:SECRET', the web console a login."})
    Path credentials;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve HTTPS (and HTTP/2) with this certificate chain;"
            + " needs --tls-key.")
    Path tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The certificate's private key (PKCS#8, or PKCS#1 RSA;"
            + " not encrypted).")
    Path tlsKey;

    @Option(names = "--insecure-no-auth",
            description = "Listen on an address other than loopback without --credentials: anyone who can reach the port"
                    + " can read and run everything. Only for a network you trust entirely.")
    boolean insecureNoAuth;

    @Option(names = "--allow-task-host", paramLabel = "HOST",
            description = {"The only hosts the HTTP Task (arn:aws:states:::http:invoke) and the Lambda endpoint may call"
                    + " (repeatable); a task to another host fails with States.TaskFailed, and redirects are not followed."
                    + " Without it, tasks may call any address the service can reach."})
    List<String> allowedTaskHosts = new ArrayList<>();

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
        String openRefusal = openToTheNetworkRefusal();
        if (openRefusal != null) {
            err.println("statewright: " + openRefusal);
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
        String scheme = tlsCertificate != null ? "https" : "http";
        out.printf("Statewright listening on %s://%s:%d (data: %s; wait time scale %s; resumed %d executions; %s; started in %d ms)%n",
                scheme, host, service.port(), config.database() != null ? DatabaseUrl.parse(config.database()).shown()
                        : inMemory ? "in memory" : dataDir.toAbsolutePath(), scale,
                service.resumedExecutions(), credentials != null ? "callers must sign with a key of " + credentials
                        : "every caller trusted", (System.nanoTime() - started) / 1_000_000);
        if (service.nodeId() != null) {
            out.printf("Node id: %s (lease %s s)%n", service.nodeId(), leaseSeconds);
        }
        out.printf("Web console: open %s://%s:%d/ in a browser%n", scheme, host, service.port());
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /** The service's configuration from the options. */
    ServiceConfig config(double scale) {
        StoreOptions store = StoreOptions.defaults().withRetention(retentionDays == 0 ? null : Duration.ofDays(retentionDays));
        String url = database != null ? database : System.getenv("STATEWRIGHT_DATABASE");
        if (url != null && url.isBlank()) {
            url = null;
        }
        if (url != null) {
            DatabaseUrl.parse(url); // a malformed URL is a usage error, said before anything starts
        }
        if (!(leaseSeconds >= 0.3)) {
            throw new IllegalArgumentException("--lease-seconds must be at least 0.3");
        }
        PostgresOptions postgres = PostgresOptions.defaults().withLease(Duration.ofMillis((long) (leaseSeconds * 1000)));
        return ServiceConfig.defaults().withDatabase(url, postgres).withStoreOptions(store).withHost(host).withPort(port).withAllowedHosts(allowedHosts)
                .withDataDirectory(inMemory ? null : dataDir).withWaitTimeScale(scale).withAccount(region, account)
                .withLambdaEndpoint(lambda.resolve()).withMockConfig(mockConfigFile()).withEndpoints(endpoints.resolve())
                .withSecurity(new SecuritySettings(credentials, tlsCertificate, tlsKey, allowedTaskHosts))
                .withObservability(observability.resolve());
    }

    /**
     * Null when the service may listen as asked; else why not. Bound to loopback only this machine
     * can call it; on any other address, without credentials, everyone who can reach the port could.
     */
    String openToTheNetworkRefusal() {
        if (credentials != null || insecureNoAuth || isLoopback(host)) {
            return null;
        }
        return "refusing to listen on " + host + " without --credentials: anyone who can reach the port could read every"
                + " execution, start workflows and, through the HTTP Task, make the service fetch any address. Give"
                + " --credentials FILE (an AWS shared-credentials file; see the README's \"Running it for a team\"), or"
                + " --insecure-no-auth on a network you trust entirely";
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // a name that does not resolve is no proof of loopback; binding it would fail anyway
        }
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
