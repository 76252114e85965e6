-- What the list of nodes shows beside 002's columns: when a node stopped cleanly (it handed its
-- leases back), and its lease, which says how long after it was last seen it still counts as live.
-- A gone node's row stays an hour after it was last seen (longer while it still holds leases),
-- then a live node's keeper deletes it.
ALTER TABLE nodes ADD COLUMN stopped_at timestamptz;
ALTER TABLE nodes ADD COLUMN lease_seconds double precision NOT NULL DEFAULT 15;
