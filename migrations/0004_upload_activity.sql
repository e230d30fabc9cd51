-- Up Migration

-- An unfinished upload is abandoned when nothing has happened on it for ORPHAN_GRACE_SECONDS, not when it
-- started that long ago: a multi-GB upload on a slow link may take hours. Parts signed or listed, and bytes
-- streaming through the API, record activity here (sessions) and in tracks.updated_at (API uploads).
ALTER TABLE {{schema}}.upload_sessions ADD COLUMN last_activity_at timestamptz(3) NULL;
CREATE INDEX upload_sessions_activity_idx ON {{schema}}.upload_sessions ((COALESCE(last_activity_at, created_at)));
CREATE INDEX tracks_uploading_updated_at_idx ON {{schema}}.tracks (updated_at) WHERE status = 'uploading';

-- Down Migration

DROP INDEX {{schema}}.tracks_uploading_updated_at_idx;
DROP INDEX {{schema}}.upload_sessions_activity_idx;
ALTER TABLE {{schema}}.upload_sessions DROP COLUMN last_activity_at;
