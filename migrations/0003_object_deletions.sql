-- Up Migration

-- Keys of objects whose rows are gone: written in the transaction that removes the rows,
-- emptied once the objects are deleted (right after commit, or by the sweeper).
CREATE TABLE {{schema}}.object_deletions (
  id bigserial PRIMARY KEY,
  key text NOT NULL CONSTRAINT object_deletions_key_check CHECK (char_length(key) BETWEEN 1 AND 1024),
  attempts integer NOT NULL DEFAULT 0 CONSTRAINT object_deletions_attempts_check CHECK (attempts >= 0),
  last_error text NULL,
  enqueued_at timestamptz NOT NULL DEFAULT now()
);

-- Drainers take the least-tried entries first, oldest first, so that a key that keeps
-- failing cannot starve the ones behind it.
CREATE INDEX object_deletions_attempts_enqueued_at_idx ON {{schema}}.object_deletions (attempts, enqueued_at, id);
CREATE INDEX object_deletions_enqueued_at_idx ON {{schema}}.object_deletions (enqueued_at);
CREATE INDEX object_deletions_key_idx ON {{schema}}.object_deletions (key);

-- Down Migration

DROP TABLE {{schema}}.object_deletions;
