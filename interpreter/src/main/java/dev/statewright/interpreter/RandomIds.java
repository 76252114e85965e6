package dev.statewright.interpreter;

import java.util.UUID;
import java.util.random.RandomGenerator;

/** Identifiers drawn from a given random source, so a seeded engine is repeatable. */
public final class RandomIds {
    private RandomIds() {
    }

    /** A version 4 (random) UUID. */
    public static String uuid(RandomGenerator random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(3L << 62)) | (1L << 63);
        return new UUID(high, low).toString();
    }
}
