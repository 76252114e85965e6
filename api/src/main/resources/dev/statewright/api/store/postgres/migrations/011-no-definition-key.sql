-- Every execution written checked its definition with a lock on the definition's row (the foreign
-- key), a write of that row at each commit group. The writer stores a definition in the same
-- transaction as the first execution that names it, and definitions are never removed, so the key
-- guarded nothing the writer does not.
ALTER TABLE executions DROP CONSTRAINT IF EXISTS executions_definition_id_fkey;
