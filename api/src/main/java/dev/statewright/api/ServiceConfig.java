package dev.statewright.api;

import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;

import dev.statewright.api.auth.SecuritySettings;
import dev.statewright.api.http.ConnectionLimits;
import dev.statewright.api.integrations.awssdk.ServiceEndpoints;
import dev.statewright.api.store.StoreOptions;
import dev.statewright.api.store.postgres.PostgresOptions;

/**
 * How to run the service.
 *
 * @param dataDirectory  where the store keeps its file; null keeps everything in memory
 * @param waitTimeScale  real seconds per second of Wait or retry interval (0 completes them at once);
 *                       TimeoutSeconds and HeartbeatSeconds keep real time whatever it is
 * @param workerThreads  the pool every execution's work runs on
 * @param storeOptions   how the embedded store keeps its files (retention of closed executions, segment size)
 * @param allowedHosts   Host names accepted besides localhost, {@code *.localhost}, IP addresses and {@code host}
 *                       (with or without the SDKs' {@code sync-} prefix); {@code "*"} accepts any name
 * @param connectionLimits timeouts of slow and idle connections, and how many may be open
 * @param endpoints      where the AWS services that tasks call are, and whether AWS itself may be called
 * @param database       a PostgreSQL database to keep everything in ({@code postgresql://user:password@host:port/db}),
 *                       shared with any other nodes that name it; null keeps the embedded store
 * @param postgres       how this node uses that database (its node id, the lease of its executions)
 * @param security       credentials callers must prove, TLS, and the hosts tasks may reach
 * @param observability  where execution logs go and where status-change events are sent
 */
public record ServiceConfig(String host, int port, Path dataDirectory, double waitTimeScale, String region,
                            String account, int workerThreads, URI lambdaEndpoint, Duration activityPollTimeout,
                            Path mockConfig, StoreOptions storeOptions, List<String> allowedHosts,
                            ConnectionLimits connectionLimits, ServiceEndpoints endpoints, String database,
                            PostgresOptions postgres, SecuritySettings security, ObservabilityConfig observability) {

    public ServiceConfig {
        allowedHosts = List.copyOf(allowedHosts);
        observability = observability != null ? observability : ObservabilityConfig.NONE;
    }

    public static ServiceConfig defaults() {
        return new ServiceConfig("127.0.0.1", 8083, Path.of("statewright-data"), 1.0, "us-east-1", "123456789012",
                Math.max(2, Runtime.getRuntime().availableProcessors()), null, Duration.ofSeconds(60), null,
                StoreOptions.defaults(), List.of(), ConnectionLimits.defaults(), ServiceEndpoints.none(), null,
                PostgresOptions.defaults(), SecuritySettings.none(), ObservabilityConfig.NONE);
    }

    /** Where Lambda Task states are sent (the Lambda Invoke REST API), or null for none. */
    public ServiceConfig withLambdaEndpoint(URI endpoint) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, endpoint, activityPollTimeout, mockConfig, storeOptions, allowedHosts, connectionLimits, endpoints, database, postgres, security, observability);
    }

    /** How long GetActivityTask waits for a task before answering with none (AWS: 60 s). */
    public ServiceConfig withActivityPollTimeout(Duration timeout) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint, timeout, mockConfig, storeOptions, allowedHosts, connectionLimits, endpoints, database, postgres, security, observability);
    }

    /** A mock configuration in Step Functions Local's format, or null. */
    public ServiceConfig withMockConfig(Path file) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint,
                activityPollTimeout, file, storeOptions, allowedHosts, connectionLimits, endpoints, database, postgres, security, observability);
    }

    /** Host names to accept besides this machine's own (a name of a server on the network; "*" for any). */
    public ServiceConfig withAllowedHosts(List<String> names) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint,
                activityPollTimeout, mockConfig, storeOptions, names, connectionLimits, endpoints, database, postgres, security, observability);
    }

    /** Timeouts of slow and idle connections, and how many may be open at once. */
    public ServiceConfig withConnectionLimits(ConnectionLimits limits) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint,
                activityPollTimeout, mockConfig, storeOptions, allowedHosts, limits, endpoints, database, postgres, security, observability);
    }

    public ServiceConfig withPort(int newPort) {
        return new ServiceConfig(host, newPort, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint, activityPollTimeout, mockConfig, storeOptions, allowedHosts, connectionLimits, endpoints, database, postgres, security, observability);
    }

    public ServiceConfig withHost(String newHost) {
        return new ServiceConfig(newHost, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint, activityPollTimeout, mockConfig, storeOptions, allowedHosts, connectionLimits, endpoints, database, postgres, security, observability);
    }

    public ServiceConfig withDataDirectory(Path directory) {
        return new ServiceConfig(host, port, directory, waitTimeScale, region, account, workerThreads, lambdaEndpoint, activityPollTimeout, mockConfig, storeOptions, allowedHosts, connectionLimits, endpoints, database, postgres, security, observability);
    }

    public ServiceConfig withWaitTimeScale(double scale) {
        return new ServiceConfig(host, port, dataDirectory, scale, region, account, workerThreads, lambdaEndpoint, activityPollTimeout, mockConfig, storeOptions, allowedHosts, connectionLimits, endpoints, database, postgres, security, observability);
    }

    public ServiceConfig withAccount(String newRegion, String newAccount) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, newRegion, newAccount, workerThreads, lambdaEndpoint, activityPollTimeout, mockConfig, storeOptions, allowedHosts, connectionLimits, endpoints, database, postgres, security, observability);
    }

    /** How the embedded store keeps its files: how long closed executions are kept, how long log segments are. */
    public ServiceConfig withEndpoints(ServiceEndpoints given) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint,
                activityPollTimeout, mockConfig, storeOptions, allowedHosts, connectionLimits, given, database, postgres, security, observability);
    }

    /** Keep everything in this PostgreSQL database (null: the embedded store), used as {@code postgres} says. */
    public ServiceConfig withDatabase(String url, PostgresOptions options) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint,
                activityPollTimeout, mockConfig, storeOptions, allowedHosts, connectionLimits, endpoints, url, options, security, observability);
    }

    public ServiceConfig withStoreOptions(StoreOptions options) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint,
                activityPollTimeout, mockConfig, options, allowedHosts, connectionLimits, endpoints, database, postgres, security, observability);
    }

    /** Who may call (a credentials file), TLS, and which hosts the HTTP Task and Lambda may reach. */
    public ServiceConfig withSecurity(SecuritySettings settings) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint,
                activityPollTimeout, mockConfig, storeOptions, allowedHosts, connectionLimits, endpoints, database, postgres,
                settings, observability);
    }

    /** Where execution logs go and where status-change events are sent. */
    public ServiceConfig withObservability(ObservabilityConfig given) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint,
                activityPollTimeout, mockConfig, storeOptions, allowedHosts, connectionLimits, endpoints, database, postgres,
                security, given);
    }
}
