-- Up Migration

-- Timestamps keep millisecond precision (timestamptz(3)) because keyset cursors carry JS Dates:
-- a microsecond value could never be matched exactly by a cursor built from one.
CREATE TABLE {{schema}}.images (
  id uuid PRIMARY KEY,
  status text NOT NULL DEFAULT 'pending'
    CONSTRAINT images_status_check CHECK (status IN ('pending', 'ready')),
  visibility text NOT NULL DEFAULT 'private'
    CONSTRAINT images_visibility_check CHECK (visibility IN ('private', 'public')),
  title text NULL CONSTRAINT images_title_length_check CHECK (char_length(title) <= 1000),
  description text NULL CONSTRAINT images_description_length_check CHECK (char_length(description) <= 20000),
  original_filename text NOT NULL
    CONSTRAINT images_original_filename_length_check CHECK (char_length(original_filename) BETWEEN 1 AND 1024),
  original_content_type text NOT NULL
    CONSTRAINT images_original_content_type_check CHECK (char_length(original_content_type) BETWEEN 3 AND 255),
  byte_size bigint NOT NULL CONSTRAINT images_byte_size_check CHECK (byte_size >= 0),
  sha256 char(64) NOT NULL CONSTRAINT images_sha256_format_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  width integer NOT NULL DEFAULT 0 CONSTRAINT images_width_check CHECK (width >= 0),
  height integer NOT NULL DEFAULT 0 CONSTRAINT images_height_check CHECK (height >= 0),
  uploaded_by text NOT NULL CONSTRAINT images_uploaded_by_check CHECK (char_length(uploaded_by) BETWEEN 1 AND 255),
  created_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL,
  -- Deduplication of byte-identical uploads is decided here, race-free, not in application code.
  CONSTRAINT images_sha256_key UNIQUE (sha256),
  CONSTRAINT images_ready_dimensions_check CHECK (status <> 'ready' OR (width > 0 AND height > 0))
);

-- Admin list of everything, newest first (keyset on created_at, id).
CREATE INDEX images_created_at_id_idx ON {{schema}}.images (created_at DESC, id DESC);
-- Admin list filtered by visibility.
CREATE INDEX images_visibility_created_at_id_idx ON {{schema}}.images (visibility, created_at DESC, id DESC);
-- Member gallery: only public, ready images.
CREATE INDEX images_public_ready_created_at_id_idx ON {{schema}}.images (created_at DESC, id DESC)
  WHERE status = 'ready' AND visibility = 'public';
-- Sweeper: stale pending rows, oldest first.
CREATE INDEX images_status_created_at_idx ON {{schema}}.images (status, created_at);

-- Down Migration

DROP TABLE {{schema}}.images;
