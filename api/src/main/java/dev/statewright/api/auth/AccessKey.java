package dev.statewright.api.auth;

/**
 * One caller's credentials, as a profile of an AWS shared-credentials file holds them.
 *
 * @param sessionToken the token a caller with temporary credentials must send
 *                     (X-Amz-Security-Token), or null for long-term keys
 * @param profile      the profile it came from, to name it in messages
 */
public record AccessKey(String id, String secret, String sessionToken, String profile) {
    /** Never the secret: records print every field, and this one ends up in logs. */
    @Override
    public String toString() {
        return "AccessKey[" + id + " from profile " + profile + "]";
    }
}
