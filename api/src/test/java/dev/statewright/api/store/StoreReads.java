package dev.statewright.api.store;

import java.util.ArrayList;
import java.util.List;

/** Reads tests make through the store's paged interface. */
final class StoreReads {
    private StoreReads() {
    }

    /** Every execution, page by page, oldest first. */
    static List<ExecutionRecord> allExecutions(Store store) {
        List<ExecutionRecord> all = new ArrayList<>();
        String cursor = null;
        do {
            ExecutionPage page = store.executions(new ExecutionQuery(null, null, null, 100, cursor));
            page.executions().forEach(summary -> all.add(0, store.execution(summary.arn()).orElseThrow()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }
}
