package dev.statewright.api;

import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;

import dev.statewright.api.store.StoreOptions;

/**
 * How to run the service.
 *
 * @param dataDirectory  where the store keeps its file; null keeps everything in memory
 * @param waitTimeScale  real seconds per second of Wait or retry interval (0 completes them at once);
 *                       TimeoutSeconds and HeartbeatSeconds keep real time whatever it is
 * @param workerThreads  the pool every execution's work runs on
 * @param storeOptions   how the embedded store keeps its files (retention of closed executions, segment size)
 */
public record ServiceConfig(String host, int port, Path dataDirectory, double waitTimeScale, String region,
                            String account, int workerThreads, URI lambdaEndpoint, Duration activityPollTimeout,
                            Path mockConfig, StoreOptions storeOptions) {

    public static ServiceConfig defaults() {
        return new ServiceConfig("127.0.0.1", 8083, Path.of("statewright-data"), 1.0, "us-east-1", "123456789012",
                Math.max(2, Runtime.getRuntime().availableProcessors()), null, Duration.ofSeconds(60), null,
                StoreOptions.defaults());
    }

    /** Where Lambda Task states are sent (the Lambda Invoke REST API), or null for none. */
    public ServiceConfig withLambdaEndpoint(URI endpoint) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, endpoint, activityPollTimeout, mockConfig, storeOptions);
    }

    /** How long GetActivityTask waits for a task before answering with none (AWS: 60 s). */
    public ServiceConfig withActivityPollTimeout(Duration timeout) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint, timeout, mockConfig, storeOptions);
    }

    /** A mock configuration in Step Functions Local's format, or null. */
    public ServiceConfig withMockConfig(Path file) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint,
                activityPollTimeout, file, storeOptions);
    }

    public ServiceConfig withPort(int newPort) {
        return new ServiceConfig(host, newPort, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint, activityPollTimeout, mockConfig, storeOptions);
    }

    public ServiceConfig withHost(String newHost) {
        return new ServiceConfig(newHost, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint, activityPollTimeout, mockConfig, storeOptions);
    }

    public ServiceConfig withDataDirectory(Path directory) {
        return new ServiceConfig(host, port, directory, waitTimeScale, region, account, workerThreads, lambdaEndpoint, activityPollTimeout, mockConfig, storeOptions);
    }

    public ServiceConfig withWaitTimeScale(double scale) {
        return new ServiceConfig(host, port, dataDirectory, scale, region, account, workerThreads, lambdaEndpoint, activityPollTimeout, mockConfig, storeOptions);
    }

    public ServiceConfig withAccount(String newRegion, String newAccount) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, newRegion, newAccount, workerThreads, lambdaEndpoint, activityPollTimeout, mockConfig, storeOptions);
    }

    /** How the embedded store keeps its files: how long closed executions are kept, how long log segments are. */
    public ServiceConfig withStoreOptions(StoreOptions options) {
        return new ServiceConfig(host, port, dataDirectory, waitTimeScale, region, account, workerThreads, lambdaEndpoint,
                activityPollTimeout, mockConfig, options);
    }
}
