package dev.statewright.api.store;

import java.time.Instant;

/**
 * A node of the service as its store knows it: one process that drives executions, and how many
 * running executions it drives now. A store of one node knows only itself.
 *
 * @param id         the node's id (on a shared database, the owner its leases name)
 * @param address    where it serves ({@code host:port}: the host given to serve, the port it took), or null
 *                   before it listens
 * @param startedAt  when it started (opened the store)
 * @param lastSeenAt when it last showed it was alive (a shared database's clock)
 * @param stoppedAt  when it stopped cleanly, handing its executions back; null while it runs or when it
 *                   ended without a word
 * @param live       whether it was seen within its lease and has not stopped; a node that is not live is gone
 * @param executions how many running executions it holds; for a gone node, those no other node took over yet
 * @param thisNode   whether it is the node that answers (the one this store was opened by)
 */
public record NodeRecord(String id, String address, Instant startedAt, Instant lastSeenAt, Instant stoppedAt,
                         boolean live, long executions, boolean thisNode) {
}
