package dev.statewright.api.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;

/**
 * The console's session cookie: {@code KEY-ID.EXPIRES.MAC}, where MAC is an HMAC-SHA256 of the id
 * and the expiry under the key's secret. Nothing is kept on the server, so every node that reads
 * the same credentials file accepts the cookie, and changing a secret ends its sessions.
 */
public final class SessionCookies {
    public static final String NAME = "statewright-session";
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final AccessKeys keys;
    private final InstantSource clock;

    public SessionCookies(AccessKeys keys, InstantSource clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** A fresh cookie value for a caller who proved it holds the key. */
    public String issue(AccessKey key) {
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        String id = ENCODER.encodeToString(key.id().getBytes(StandardCharsets.UTF_8));
        return id + "." + expires + "." + mac(key, expires);
    }

    /** The key whose unexpired session this cookie value is, if it is one. */
    public Optional<AccessKey> verify(String value) {
        String[] parts = value == null ? new String[0] : value.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            String id = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            long expires = Long.parseLong(parts[1]);
            if (expires < clock.instant().getEpochSecond()) { // as numbers: any long is a valid text, not every one an Instant
                return Optional.empty();
            }
            return keys.find(id).filter(key -> MessageDigest.isEqual(mac(key, expires).getBytes(StandardCharsets.US_ASCII),
                    parts[2].getBytes(StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not base64, not a number: not ours
        }
    }

    static long lifetimeSeconds() {
        return LIFETIME.toSeconds();
    }

    private static String mac(AccessKey key, long expires) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] tag = hmac.doFinal(("statewright console session\n" + key.id() + "\n" + expires)
                    .getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }
}
