package dev.statewright.api.runtime;

import dev.statewright.api.store.Store;
import dev.statewright.api.store.WriteBatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A store in front of a real one that can "crash": from then on it takes no more writes (they
 * never complete), as if the process had died, while the data already committed stays for the
 * next service to find. Closing it leaves the real store open.
 */
class CrashableStore extends ForwardingStore {
    private volatile boolean crashed;

    CrashableStore(Store real) {
        super(real);
    }

    void crash() {
        crashed = true;
    }

    @Override
    public CompletionStage<Void> commit(WriteBatch batch) {
        return crashed ? new CompletableFuture<>() : real.commit(batch);
    }

    @Override
    public void close() {
        // The real store outlives the crashed service.
    }
}
