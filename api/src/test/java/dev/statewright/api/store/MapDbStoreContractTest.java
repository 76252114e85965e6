package dev.statewright.api.store;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The embedded store, on disk and in memory, keeps the store's contract. */
class MapDbStoreContractTest {

    @Nested
    class OnDisk extends StoreContractTest {
        @TempDir
        Path dir;

        @Override
        protected Store open() {
            return MapDbStore.open(dir, StoreOptions.defaults().withSegmentBytes(1 << 20));
        }
    }

    @Nested
    class InMemory extends StoreContractTest {
        @Override
        protected Store open() {
            return MapDbStore.inMemory();
        }
    }
}
