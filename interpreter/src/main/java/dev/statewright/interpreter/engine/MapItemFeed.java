package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Where a Map's iterations come from, in order: the items of its input, known at once, or an
 * ItemReader's, read a page at a time as the Map needs them ({@link #want}), so a Map over millions
 * of items holds a few pages, not all. Where the Map has an ItemBatcher each iteration gets a
 * batch; a batch may span pages (the last, unfinished batch of a page waits for the next page, and
 * grouping is greedy from a batch's first item, so the batches are those of one pass over all).
 * ReaderConfig's MaxItems is counted here, across pages.
 */
final class MapItemFeed {
    /** Items asked for in one page (or a batch's worth, if more). */
    static final int PAGE_ITEMS = 1000;

    /** What the feed tells its Map. */
    interface Listener {
        /** New iterations are ready, or the last page came. */
        void itemsArrived();

        /** A page could not be read: the Map Run fails with States.ItemReaderFailed. */
        void readFailed(StatesException failure);
    }

    private final ItemReaderRequest reader;
    private final ItemBatcher batcher;
    private final MapRunCalls calls;
    private final Listener listener;
    private final ArrayDeque<MapItem> ready = new ArrayDeque<>();
    /** Items read that start a batch not yet known to be complete. */
    private ArrayNode unbatched = Json.NODES.arrayNode();
    private JsonNode after;
    private boolean exhausted;
    private boolean reading;
    private long itemsRead;
    private int known;

    private MapItemFeed(ItemReaderRequest reader, ItemBatcher batcher, MapRunCalls calls, Listener listener) {
        this.reader = reader;
        this.batcher = batcher;
        this.calls = calls;
        this.listener = listener;
    }

    /** The items of the Map's input, all known now. */
    static MapItemFeed given(ArrayNode items, ItemBatcher batcher) {
        MapItemFeed feed = new MapItemFeed(null, batcher, null, null);
        feed.take(items, true);
        return feed;
    }

    /** An ItemReader's items, read when {@link #want} asks for them. */
    static MapItemFeed reading(ItemReaderRequest reader, ItemBatcher batcher, MapRunCalls calls, Listener listener) {
        return new MapItemFeed(reader, batcher, calls, listener);
    }

    /** Whether every iteration is known: nothing is left to read. */
    boolean allKnown() {
        return exhausted;
    }

    /** How many iterations are known so far. */
    int known() {
        return known;
    }

    int readyCount() {
        return ready.size();
    }

    /** The next iteration to start, or null while none is ready. */
    MapItem poll() {
        return ready.poll();
    }

    /** Reads the next page when fewer than {@code atLeast} iterations are ready and none is being read. */
    void want(int atLeast) {
        if (exhausted || reading || ready.size() >= atLeast) {
            return;
        }
        long limit = PAGE_ITEMS;
        if (batcher != null && batcher.maxItems() > limit) {
            limit = batcher.maxItems();
        }
        if (reader.maxItems() > 0) {
            limit = Math.min(limit, reader.maxItems() - itemsRead);
        }
        reading = true;
        calls.call(reader.resource(), reader.asTaskInput(new ItemReaderRequest.Page(after, (int) limit)),
                StatesErrors.ITEM_READER_FAILED, "item reader", this::pageRead);
    }

    private void pageRead(JsonNode answer, Throwable failure) {
        reading = false;
        if (failure != null) {
            StatesException error = StatesException.fromTaskFailure(failure);
            listener.readFailed(error.error().equals(StatesErrors.ITEM_READER_FAILED) ? error
                    : new StatesException(StatesErrors.ITEM_READER_FAILED, error.cause()));
            return;
        }
        ItemsRead page = ItemsRead.fromAnswer(answer);
        if (page == null) {
            listener.readFailed(new StatesException(StatesErrors.ITEM_READER_FAILED, "The item reader for "
                    + reader.resource() + " gave no JSON array of items: " + (answer == null ? "null" : Json.write(answer))));
            return;
        }
        if (!page.isLast() && page.items().isEmpty() && Objects.equals(page.after(), after)) {
            listener.readFailed(new StatesException(StatesErrors.ITEM_READER_FAILED, "The item reader for "
                    + reader.resource() + " gave an empty page that does not move on from " + Json.write(after)));
            return;
        }
        ArrayNode items = page.items();
        boolean last = page.isLast();
        if (reader.maxItems() > 0 && itemsRead + items.size() >= reader.maxItems()) {
            int keep = (int) (reader.maxItems() - itemsRead);
            if (keep < items.size()) {
                ArrayNode kept = Json.NODES.arrayNode(keep);
                for (int i = 0; i < keep; i++) {
                    kept.add(items.get(i));
                }
                items = kept;
            }
            last = true;
        }
        after = page.after();
        itemsRead += items.size();
        take(items, last);
        listener.itemsArrived();
    }

    /** Turns items into ready iterations; the last batch waits for more items unless these are the last. */
    private void take(ArrayNode items, boolean last) {
        exhausted = last;
        if (batcher == null) {
            for (JsonNode item : items) {
                ready.add(new MapItem(known++, item));
            }
            return;
        }
        unbatched.addAll(items);
        ArrayNode batches = batcher.group(unbatched);
        int complete = last ? batches.size() : batches.size() - 1;
        for (int i = 0; i < complete; i++) {
            ready.add(new MapItem(known++, batches.get(i)));
        }
        unbatched = last || batches.isEmpty() ? Json.NODES.arrayNode() : (ArrayNode) batches.get(batches.size() - 1);
    }
}
