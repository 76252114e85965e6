package dev.statewright.interpreter.engine;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Task tokens ({@code $$.Task.Token}): 48 random bytes, then the ARN of the execution that issued
 * them, both in base64url. The ARN lets a node that receives SendTask* for an execution another
 * node drives pass the call on to it (a database shared by several nodes); the random part is
 * what makes a token unguessable. Drawn from the execution's random source, so a replay issues
 * the same tokens.
 */
public final class TaskTokens {
    private static final int RANDOM_BYTES = 48;
    /** 48 bytes in base64url without padding: the whole of a token issued before tokens named their execution. */
    public static final int RANDOM_CHARS = 64;
    private static final String ARN_PREFIX = "arn:";

    private TaskTokens() {
    }

    /** A new token; without an execution ARN (TestState) only the random part. */
    public static String issue(RandomGenerator random, String executionArn) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String token = encoder.encodeToString(bytes);
        return executionArn == null ? token : token + encoder.encodeToString(executionArn.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A token made from a seed rather than drawn: the same seed and execution give the same token,
     * so a task sent again after a restart (an activity's, whose token the engine does not draw)
     * keeps the token its worker holds. Unguessable as long as the seed is.
     */
    public static String derive(String seed, String executionArn) {
        byte[] bytes;
        try {
            bytes = java.security.MessageDigest.getInstance("SHA-384").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-384", e);
        }
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString(bytes) + encoder.encodeToString(executionArn.getBytes(StandardCharsets.UTF_8));
    }

    /** The ARN of the execution that issued a token, when it names one. */
    public static Optional<String> executionOf(String token) {
        if (token == null || token.length() <= RANDOM_CHARS) {
            return Optional.empty();
        }
        try {
            String arn = new String(Base64.getUrlDecoder().decode(token.substring(RANDOM_CHARS)), StandardCharsets.UTF_8);
            return arn.startsWith(ARN_PREFIX) ? Optional.of(arn) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
