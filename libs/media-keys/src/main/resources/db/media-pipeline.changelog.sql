--liquibase formatted sql

-- media-pipeline's tables in PostgreSQL, owned here and applied by io.ottplatform.media.keys.MediaPipelineMigrations
-- (when the worker or the CLI starts with keys.store=postgres). Its own changelog tables
-- (media_pipeline_databasechangelog*), so it never mixes with serving-api's migrations in the same database.
-- Released changesets are never edited: add one.

--changeset media-pipeline:1-media-content-keys
--comment: a title's content keys, only wrapped: AES-256-GCM under the master key (nonce || ciphertext || tag) of the 16-byte CENC key followed by the 16-byte HLS AES-128 key, with 'media-keys:v1:<title_id>:<kid hex>' as associated data. serving-api's key endpoint reads it with the same master key.
CREATE TABLE media_content_keys (
  title_id    text        PRIMARY KEY,
  kid         bytea       NOT NULL CHECK (length(kid) = 16),
  wrapped     bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
