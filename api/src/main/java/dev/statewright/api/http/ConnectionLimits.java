package dev.statewright.api.http;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How long a connection may sit still and how many may be open, so that slow or idle clients
 * cannot hold the service's connections (and file descriptors) for ever. None of these limits
 * applies while a request is being worked on: a GetActivityTask long poll or a
 * StartSyncExecution waits as long as its operation takes.
 *
 * @param idleTimeout         a connection on which nothing is read or written for this long, while a request
 *                            arrives or its answer goes out, is closed (a body that stops arriving, a client
 *                            that stops reading); between requests it bounds the no-request timeout too
 * @param requestParseTimeout a request's line and headers must all arrive within this from their first byte,
 *                            so a client sending them a byte at a time (slowloris) is cut off
 * @param noRequestTimeout    a connection that carries no request for this long is closed: an idle kept-alive
 *                            connection, or one opened and never used
 * @param maxConnections      open connections beyond this are not accepted: they wait in the listen backlog until
 *                            one closes, well before the process runs out of file descriptors
 */
public record ConnectionLimits(Duration idleTimeout, Duration requestParseTimeout, Duration noRequestTimeout,
                               int maxConnections) {
    private static final int MAX_DEFAULT_CONNECTIONS = 1000;
    private static final int MIN_DEFAULT_CONNECTIONS = 64;

    public ConnectionLimits {
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(requestParseTimeout, "requestParseTimeout");
        requirePositive(noRequestTimeout, "noRequestTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be 1 or more: " + maxConnections);
        }
    }

    /**
     * 60 s idle and without a request (the keep-alive time of the AWS SDKs' connection pools, and
     * Undertow's own no-request default), 10 s for a request's headers (an honest client sends them
     * at once), and 1,000 connections, or half the file descriptors the process may open if that is
     * less: the store, its log and outgoing calls need descriptors too.
     */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(60),
                connectionsWithinDescriptors());
    }

    private static int connectionsWithinDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return (int) Math.max(MIN_DEFAULT_CONNECTIONS, Math.min(MAX_DEFAULT_CONNECTIONS, unix.getMaxFileDescriptorCount() / 2));
        }
        return MAX_DEFAULT_CONNECTIONS;
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be more than zero: " + duration);
        }
    }
}
