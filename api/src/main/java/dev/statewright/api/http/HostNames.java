package dev.statewright.api.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which Host names a request may carry. A web page can give a name of its own the address
 * 127.0.0.1 (DNS rebinding) and then read this service as if it were its own site; the browser
 * still sends that name as Host. So only names that cannot belong to someone else's site are
 * accepted: IP address literals (a rebinding needs a name), {@code localhost} and
 * {@code *.localhost} (browsers resolve them to this machine themselves), the address the service
 * listens on, and the names the user allows. {@code sync-} in front of an accepted name is
 * accepted too: the AWS SDKs add it for StartSyncExecution and TestState.
 */
final class HostNames {
    /** An allowed name that accepts every name, for a service behind a proxy that rewrites Host. */
    static final String ANY = "*";
    private static final String SDK_HOST_PREFIX = "sync-";

    private final String listenAddress;
    private final Set<String> allowed;

    HostNames(String listenAddress, List<String> allowedHosts) {
        this.listenAddress = normalise(listenAddress);
        this.allowed = allowedHosts.stream().map(HostNames::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether the name of a Host header (without its port, as {@link #nameOf} gives it) is accepted. */
    boolean accepts(String name) {
        String host = normalise(name);
        return acceptedAsIs(host)
                || host.startsWith(SDK_HOST_PREFIX) && acceptedAsIs(host.substring(SDK_HOST_PREFIX.length()));
    }

    private boolean acceptedAsIs(String host) {
        return allowed.contains(ANY) || allowed.contains(host) || host.equals(listenAddress)
                || host.equals("localhost") || host.endsWith(".localhost") || isIpLiteral(host);
    }

    /** The host name of a Host header, without its port; null when there is none. */
    static String nameOf(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String host = hostHeader.trim();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.indexOf(':');
        return colon >= 0 ? host.substring(0, colon) : host;
    }

    /** Lower case, without the trailing dot of a fully qualified name ({@code localhost.}). */
    private static String normalise(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** A dotted IPv4 address or a bracketed IPv6 one, judged by its text alone: no name is ever looked up. */
    static boolean isIpLiteral(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            String inner = host.substring(1, host.length() - 1);
            return inner.indexOf(':') >= 0 && inner.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
