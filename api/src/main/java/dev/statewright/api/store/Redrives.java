package dev.statewright.api.store;

import java.time.Instant;

/** How often an execution was redriven, and when last (null when never). */
public record Redrives(int count, Instant lastDate) {
    public static final Redrives NONE = new Redrives(0, null);
}
