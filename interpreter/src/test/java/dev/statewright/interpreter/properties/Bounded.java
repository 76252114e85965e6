package dev.statewright.interpreter.properties;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one piece of work on a thread of its own, with a time limit: a property fails with a
 * clear message when the work hangs, and also when it throws an Error (a StackOverflowError is
 * exactly what deep data provokes), which would otherwise end the test thread itself. The thread
 * has the JVM's default stack size, as the service's worker threads do.
 */
public final class Bounded {
    private Bounded() {
    }

    public static <T> T call(Duration limit, String what, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, "property: " + what);
        thread.setDaemon(true); // a hung piece of work must not keep the test JVM alive
        thread.start();
        try {
            return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new AssertionError(what + " did not end within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new AssertionError(what + " threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " was interrupted", e);
        }
    }
}
