package dev.statewright.api.faults;

/** Waiting in tests that poll a child process with a deadline. */
final class Poll {
    private Poll() {
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling", e);
        }
    }
}
