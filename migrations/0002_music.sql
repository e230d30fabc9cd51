-- Up Migration

CREATE TABLE {{schema}}.music_sets (
  id uuid PRIMARY KEY,
  title text NOT NULL CONSTRAINT music_sets_title_length_check CHECK (char_length(title) BETWEEN 1 AND 1000),
  description text NULL CONSTRAINT music_sets_description_length_check CHECK (char_length(description) <= 20000),
  visibility text NOT NULL DEFAULT 'private'
    CONSTRAINT music_sets_visibility_check CHECK (visibility IN ('private', 'public')),
  created_by text NOT NULL CONSTRAINT music_sets_created_by_check CHECK (char_length(created_by) BETWEEN 1 AND 255),
  created_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL
);

CREATE INDEX music_sets_created_at_id_idx ON {{schema}}.music_sets (created_at DESC, id DESC);
CREATE INDEX music_sets_visibility_created_at_id_idx ON {{schema}}.music_sets (visibility, created_at DESC, id DESC);

CREATE TABLE {{schema}}.tracks (
  id uuid PRIMARY KEY,
  -- RESTRICT, never CASCADE: deleting a set must enqueue its tracks' objects for deletion explicitly.
  set_id uuid NOT NULL CONSTRAINT tracks_set_id_fkey REFERENCES {{schema}}.music_sets (id) ON DELETE RESTRICT,
  position integer NOT NULL CONSTRAINT tracks_position_check CHECK (position >= 1),
  title text NOT NULL CONSTRAINT tracks_title_length_check CHECK (char_length(title) BETWEEN 1 AND 1000),
  artist text NULL CONSTRAINT tracks_artist_length_check CHECK (char_length(artist) <= 1000),
  duration_ms integer NULL CONSTRAINT tracks_duration_ms_check CHECK (duration_ms >= 0),
  content_type text NOT NULL CONSTRAINT tracks_content_type_check CHECK (char_length(content_type) BETWEEN 3 AND 255),
  byte_size bigint NOT NULL DEFAULT 0 CONSTRAINT tracks_byte_size_check CHECK (byte_size >= 0),
  original_filename text NOT NULL
    CONSTRAINT tracks_original_filename_length_check CHECK (char_length(original_filename) BETWEEN 1 AND 1024),
  sha256 char(64) NULL CONSTRAINT tracks_sha256_format_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  status text NOT NULL DEFAULT 'uploading'
    CONSTRAINT tracks_status_check CHECK (status IN ('uploading', 'ready', 'deleting')),
  uploaded_by text NOT NULL CONSTRAINT tracks_uploaded_by_check CHECK (char_length(uploaded_by) BETWEEN 1 AND 255),
  created_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL,
  -- Deferrable, so that renumbering never trips over its own intermediate states: a single UPDATE is
  -- checked at the end of the statement (not row by row), and a move spread over several statements runs
  -- after SET CONSTRAINTS tracks_set_id_position_key DEFERRED. Its index also serves the
  -- set -> tracks lookups ordered by position and the foreign key.
  CONSTRAINT tracks_set_id_position_key UNIQUE (set_id, position) DEFERRABLE INITIALLY IMMEDIATE
);

-- Sweeper: stale uploading/deleting rows, oldest first.
CREATE INDEX tracks_status_created_at_idx ON {{schema}}.tracks (status, created_at);
-- Duplicate detection by checksum within a set.
CREATE INDEX tracks_set_id_sha256_idx ON {{schema}}.tracks (set_id, sha256) WHERE sha256 IS NOT NULL;

CREATE TABLE {{schema}}.upload_sessions (
  -- The object store's multipart upload id.
  upload_id text PRIMARY KEY CONSTRAINT upload_sessions_upload_id_check CHECK (char_length(upload_id) BETWEEN 1 AND 1024),
  track_id uuid NOT NULL CONSTRAINT upload_sessions_track_id_fkey REFERENCES {{schema}}.tracks (id) ON DELETE RESTRICT,
  object_key text NOT NULL CONSTRAINT upload_sessions_object_key_check CHECK (char_length(object_key) BETWEEN 1 AND 1024),
  part_size bigint NOT NULL CONSTRAINT upload_sessions_part_size_check CHECK (part_size > 0),
  part_count integer NOT NULL CONSTRAINT upload_sessions_part_count_check CHECK (part_count BETWEEN 1 AND 10000),
  byte_size bigint NOT NULL CONSTRAINT upload_sessions_byte_size_check CHECK (byte_size >= 0),
  content_type text NOT NULL
    CONSTRAINT upload_sessions_content_type_check CHECK (char_length(content_type) BETWEEN 3 AND 255),
  created_by text NOT NULL CONSTRAINT upload_sessions_created_by_check CHECK (char_length(created_by) BETWEEN 1 AND 255),
  created_at timestamptz(3) NOT NULL,
  expires_at timestamptz(3) NOT NULL,
  CONSTRAINT upload_sessions_track_id_key UNIQUE (track_id),
  CONSTRAINT upload_sessions_expiry_check CHECK (expires_at > created_at)
);

-- Sweeper: sessions older than the grace period.
CREATE INDEX upload_sessions_created_at_idx ON {{schema}}.upload_sessions (created_at);

-- Down Migration

DROP TABLE {{schema}}.upload_sessions;
DROP TABLE {{schema}}.tracks;
DROP TABLE {{schema}}.music_sets;
