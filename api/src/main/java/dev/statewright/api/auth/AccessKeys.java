package dev.statewright.api.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The callers the service knows, read from a file in the AWS shared-credentials format
 * ({@code ~/.aws/credentials}): one {@code [profile]} per caller with {@code aws_access_key_id},
 * {@code aws_secret_access_key} and, for temporary credentials, {@code aws_session_token}. The
 * same file can then serve as the callers' own profile.
 */
public final class AccessKeys {
    private final Map<String, AccessKey> byId;

    private AccessKeys(Map<String, AccessKey> byId) {
        this.byId = Map.copyOf(byId);
    }

    public static AccessKeys of(List<AccessKey> keys) {
        Map<String, AccessKey> byId = new LinkedHashMap<>();
        keys.forEach(key -> byId.put(key.id(), key));
        return new AccessKeys(byId);
    }

    /**
     * Reads a credentials file.
     *
     * @throws IllegalArgumentException naming the file and line of what is wrong, or that no profile has keys
     */
    public static AccessKeys read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the credentials file " + file + ": " + PemTls.describe(e));
        }
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": a profile is written [name]");
                }
                current = profiles.computeIfAbsent(line.substring(1, line.length() - 1).strip(), name -> new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0 || current == null) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected [profile] or name = value");
            }
            current.put(line.substring(0, equals).strip().toLowerCase(java.util.Locale.ROOT), line.substring(equals + 1).strip());
        }
        Map<String, AccessKey> byId = new LinkedHashMap<>();
        profiles.forEach((name, settings) -> {
            String id = settings.get("aws_access_key_id");
            String secret = settings.get("aws_secret_access_key");
            if (id == null && secret == null) {
                return; // a profile of other settings (a region, a role to assume): not a caller
            }
            if (id == null || id.isEmpty() || secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException(file + ": profile [" + name + "] needs both aws_access_key_id and"
                        + " aws_secret_access_key");
            }
            AccessKey key = new AccessKey(id, secret, emptyToNull(settings.get("aws_session_token")), name);
            AccessKey earlier = byId.putIfAbsent(id, key);
            if (earlier != null) {
                throw new IllegalArgumentException(file + ": the access key " + id + " is in profiles [" + earlier.profile()
                        + "] and [" + name + "]; each caller needs a key of its own");
            }
        });
        if (byId.isEmpty()) {
            throw new IllegalArgumentException(file + " has no profile with aws_access_key_id and aws_secret_access_key");
        }
        return new AccessKeys(byId);
    }

    public Optional<AccessKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public int size() {
        return byId.size();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
