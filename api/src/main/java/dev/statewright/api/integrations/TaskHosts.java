package dev.statewright.api.integrations;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hosts the HTTP Task and the Lambda endpoint may call ({@code serve --allow-task-host}), so a
 * workflow cannot make the service reach any address it can (an internal admin page, a cloud
 * metadata endpoint). Hosts are compared as written, without looking names up; none given allows any.
 */
public final class TaskHosts {
    private static final TaskHosts ANY = new TaskHosts(Set.of());
    private final Set<String> allowed;

    private TaskHosts(Set<String> allowed) {
        this.allowed = allowed;
    }

    public static TaskHosts any() {
        return ANY;
    }

    public static TaskHosts only(List<String> hosts) {
        return new TaskHosts(hosts.stream().map(TaskHosts::normalise).collect(Collectors.toUnmodifiableSet()));
    }

    /** Whether a host list is given at all (then redirects are not followed: they could lead anywhere). */
    boolean limited() {
        return !allowed.isEmpty();
    }

    /** Null when {@code uri} may be called, else why not, naming the host and the option. */
    String refusal(URI uri) {
        if (allowed.isEmpty()) {
            return null;
        }
        String host = uri.getHost();
        if (host != null && allowed.contains(normalise(host))) {
            return null;
        }
        return "The host '" + (host == null ? uri : host) + "' is not among the hosts tasks may call; start Statewright"
                + " with --allow-task-host " + (host == null ? "HOST" : host) + " to allow it (allowed: "
                + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")";
    }

    private static String normalise(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("[") && lower.endsWith("]")) {
            lower = lower.substring(1, lower.length() - 1);
        }
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
