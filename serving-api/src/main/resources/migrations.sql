--liquibase formatted sql

--changeset serving-api:1-accounts
CREATE TABLE accounts (
  id            text PRIMARY KEY,
  email         text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin', 'analyst')),
  plan          text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE devices (
  account_id   text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  id           text NOT NULL,
  name         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, id)
);

-- One family per login: every rotation stays in it, so a replayed token can revoke all of it.
CREATE TABLE token_families (
  id         uuid PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  device_id  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_reason text
);
CREATE INDEX token_families_account ON token_families(account_id);

CREATE TABLE refresh_tokens (
  token_hash bytea PRIMARY KEY,
  family_id  uuid NOT NULL REFERENCES token_families(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);

CREATE TABLE profiles (
  id               text PRIMARY KEY,
  account_id       text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name             text NOT NULL,
  kids             boolean NOT NULL,
  maturity_ceiling int NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, name)
);
CREATE INDEX profiles_account ON profiles(account_id);

--changeset serving-api:2-catalog
CREATE TABLE titles (
  id              text PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('movie', 'series', 'season', 'episode')),
  name            text NOT NULL,
  synopsis        text NOT NULL DEFAULT '',
  parent_id       text REFERENCES titles(id) ON DELETE CASCADE,
  season_number   int,
  episode_number  int,
  release_year    int,
  duration_ms     bigint,
  maturity_rating text NOT NULL,
  maturity_level  int NOT NULL,
  genres          text[] NOT NULL DEFAULT '{}',
  tags            text[] NOT NULL DEFAULT '{}',
  cast_members    text[] NOT NULL DEFAULT '{}',
  artwork         jsonb NOT NULL DEFAULT '[]',
  audio_tracks    text[] NOT NULL DEFAULT '{}',
  subtitle_tracks text[] NOT NULL DEFAULT '{}',
  version         bigint NOT NULL,
  search          tsvector NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX titles_search ON titles USING gin(search);
CREATE INDEX titles_parent ON titles(parent_id);
CREATE INDEX titles_genres ON titles USING gin(genres);

CREATE TABLE availability_windows (
  title_id  text NOT NULL REFERENCES titles(id) ON DELETE CASCADE,
  country   char(2) NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at   timestamptz NOT NULL,
  PRIMARY KEY (title_id, country, starts_at),
  CHECK (ends_at > starts_at)
);
CREATE INDEX availability_country ON availability_windows(country, starts_at, ends_at);

-- The packaged asset of a playable title and its content key (HLS AES-128 and Clear Key use the same).
CREATE TABLE media_assets (
  title_id   text PRIMARY KEY REFERENCES titles(id) ON DELETE CASCADE,
  media_path text NOT NULL,
  key_id     bytea NOT NULL,
  content_key bytea NOT NULL
);

-- Written in the same transaction as the catalog change; the relay marks rows sent after Kafka acks.
CREATE TABLE catalog_outbox (
  id         bigserial PRIMARY KEY,
  title_id   text NOT NULL,
  operation  text NOT NULL CHECK (operation IN ('UPSERT', 'DELETE')),
  version    bigint NOT NULL,
  changed_at timestamptz NOT NULL,
  changed_by text,
  snapshot   jsonb,
  sent_at    timestamptz
);
CREATE INDEX catalog_outbox_unsent ON catalog_outbox(id) WHERE sent_at IS NULL;

--changeset serving-api:3-progress
CREATE TABLE watch_progress (
  profile_id  text NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  title_id    text NOT NULL REFERENCES titles(id) ON DELETE CASCADE,
  position_ms bigint NOT NULL,
  duration_ms bigint,
  device_id   text NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (profile_id, title_id)
);
CREATE INDEX watch_progress_recent ON watch_progress(profile_id, updated_at DESC);

--changeset serving-api:4-device-authorization
-- OAuth 2.0 device authorization grant (RFC 8628): a TV shows user_code, a signed-in phone approves it.
CREATE TABLE device_authorizations (
  device_code_hash bytea PRIMARY KEY,
  user_code        text NOT NULL UNIQUE,
  device_id        text NOT NULL,
  device_name      text NOT NULL,
  expires_at       timestamptz NOT NULL,
  interval_seconds int NOT NULL,
  last_polled_at   timestamptz,
  account_id       text REFERENCES accounts(id) ON DELETE CASCADE,
  approved_at      timestamptz,
  consumed_at      timestamptz
);

--changeset serving-api:5-recommendations
-- The contract with the recommender job (issue #7): serving-api owns these tables, the job only writes
-- rows. A model version's rows are written in full before an arm points at it, so serving never
-- reads a half-exported version.
CREATE TABLE rec_models (
  model_version text PRIMARY KEY,
  run_id        text NOT NULL,
  algorithm     text NOT NULL,
  metric_name   text NOT NULL,
  metric_value  double precision NOT NULL,
  params        jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- The primary keys are the serving indexes: one profile's (or title's) list of a version, in rank order.
CREATE TABLE rec_profile_titles (
  model_version text NOT NULL REFERENCES rec_models ON DELETE CASCADE,
  profile_id    text NOT NULL,
  rank          int NOT NULL,
  title_id      text NOT NULL,
  score         real NOT NULL,
  PRIMARY KEY (model_version, profile_id, rank)
);

CREATE TABLE rec_similar_titles (
  model_version    text NOT NULL REFERENCES rec_models ON DELETE CASCADE,
  title_id         text NOT NULL,
  rank             int NOT NULL,
  similar_title_id text NOT NULL,
  score            real NOT NULL,
  PRIMARY KEY (model_version, title_id, rank)
);

CREATE TABLE rec_popular_titles (
  model_version text NOT NULL REFERENCES rec_models ON DELETE CASCADE,
  country       text NOT NULL, -- ISO country code of the viewers, or '*' for all countries
  rank          int NOT NULL,
  title_id      text NOT NULL,
  score         real NOT NULL,
  PRIMARY KEY (model_version, country, rank)
);

CREATE TABLE rec_serving_arms (
  arm             text PRIMARY KEY,
  model_version   text NOT NULL REFERENCES rec_models,
  traffic_percent int NOT NULL CHECK (traffic_percent BETWEEN 0 AND 100),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rec_impressions (
  id            bigserial PRIMARY KEY,
  served_at     timestamptz NOT NULL,
  request_id    text NOT NULL,
  profile_id    text NOT NULL,
  surface       text NOT NULL, -- 'for_you' | 'similar'
  arm           text NOT NULL,
  model_version text NOT NULL,
  title_ids     text[] NOT NULL
);
-- Take-rate analysis reads impressions by time window; appends are in served_at order, so this stays cheap.
CREATE INDEX rec_impressions_served_at ON rec_impressions(served_at);

--changeset serving-api:6-account-plan-outbox
-- Plan limits of accounts, relayed to account.plans for the concurrency guard (AccountPlanOutboxDao).
CREATE TABLE account_plan_outbox (
  id          bigserial PRIMARY KEY,
  account_id  text NOT NULL,
  plan_id     text NOT NULL,
  max_streams int NOT NULL,
  max_devices int,
  changed_at  timestamptz NOT NULL,
  sent_at     timestamptz
);
CREATE INDEX account_plan_outbox_unsent ON account_plan_outbox(id) WHERE sent_at IS NULL;

--changeset serving-api:7-media-uploads
-- tus uploads of source files (media.TusUploads): the offset is the size of the data file; the row says who,
-- for which title, how long, and until when an unfinished upload is kept.
CREATE TABLE media_uploads (
  id           text PRIMARY KEY,
  title_id     text NOT NULL REFERENCES titles ON DELETE CASCADE,
  filename     text NOT NULL,
  length       bigint NOT NULL CHECK (length >= 0),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  completed_at timestamptz
);
CREATE INDEX media_uploads_unfinished ON media_uploads(expires_at) WHERE completed_at IS NULL;

-- Finished uploads as media.jobs records (MediaJob, keyed by job_id), relayed by common.OutboxRelay.
CREATE TABLE media_job_outbox (
  id           bigserial PRIMARY KEY,
  job_id       text NOT NULL,
  title_id     text NOT NULL,
  source_uri   text NOT NULL,
  ladder       text NOT NULL,
  encryption   text NOT NULL,
  requested_by text,
  requested_at timestamptz NOT NULL,
  sent_at      timestamptz
);
CREATE INDEX media_job_outbox_unsent ON media_job_outbox(id) WHERE sent_at IS NULL;

--changeset serving-api:8-media-jobs
-- Each media job's latest state for editors (media.MediaJobs): QUEUED when its upload finishes, then what
-- media-pipeline reports on media.jobs.progress. Speed and ETA are those of the last encoding report.
CREATE TABLE media_jobs (
  job_id         text PRIMARY KEY,
  title_id       text NOT NULL,
  state          text NOT NULL,
  percent        real NOT NULL DEFAULT 0,
  speed          real,
  eta_seconds    int,
  message        text,
  error_reason   text,
  published_path text,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX media_jobs_title ON media_jobs(title_id, updated_at DESC);

--changeset serving-api:10-media-asset-renditions
-- What media-pipeline published for a title (issue #12): the rungs (name, width, height, bitrateKbps) and the
-- duration, written with the job's DONE state and the catalog change in one transaction (media.MediaJobProgressHandler);
-- job_id names the pipeline job, NULL for a folder attached by hand.
ALTER TABLE media_assets ADD COLUMN renditions jsonb NOT NULL DEFAULT '[]';
ALTER TABLE media_assets ADD COLUMN duration_ms bigint;
ALTER TABLE media_assets ADD COLUMN job_id text;

--changeset serving-api:11-playback-sessions
-- One row per playback grant (issue #14, playback.PlaybackSessions). Media and key tokens name the session; the
-- origin and the key endpoint check the row, the login (token family) and the device it was granted to, so a
-- logout, a device removal or a revoked session stops key delivery and media at once. expires_at is the lease a
-- renewal extends; state ENDED (the viewer stopped) or REVOKED (an operator).
CREATE TABLE playback_sessions (
  id          uuid PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  profile_id  text NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  device_id   text NOT NULL,
  family_id   uuid NOT NULL REFERENCES token_families(id) ON DELETE CASCADE,
  title_id    text NOT NULL REFERENCES titles(id) ON DELETE CASCADE,
  country     text,
  state       text NOT NULL CHECK (state IN ('ACTIVE', 'ENDED', 'REVOKED')),
  created_at  timestamptz NOT NULL,
  renewed_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  ended_at    timestamptz,
  end_reason  text
);
CREATE INDEX playback_sessions_account ON playback_sessions(account_id, expires_at);
CREATE INDEX playback_sessions_family ON playback_sessions(family_id);

--changeset serving-api:12-stream-slots splitStatements:false
-- A grant reserves one of the plan's screens server-side (issue #14, playback.PlaybackSessions.start): this function
-- locks the account's row, counts the sessions that hold a slot and records the new session only when one is free,
-- in one statement, so one round trip per grant and parallel grants of an account are decided one after the other.
-- FOR NO KEY UPDATE: reservations of one account wait for each other, while inserts that only reference the
-- account (their foreign-key check takes FOR KEY SHARE) do not wait. A session holds a slot while it is ACTIVE, its
-- lease (expires_at) has not passed, its login is not signed out and its device is still registered: ending,
-- revoking, a logout, a device removal or a missed renewal frees it; nothing a client sends to ingest-api does.
-- Returns how many slots were held before the call; the session was recorded if and only if that is < p_screens.
CREATE FUNCTION reserve_playback_session(p_id uuid, p_account text, p_profile text, p_device text, p_family uuid,
    p_title text, p_country text, p_now timestamptz, p_expires timestamptz, p_screens integer)
  RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  held integer;
BEGIN
  PERFORM 1 FROM accounts WHERE id = p_account FOR NO KEY UPDATE;
  -- READ COMMITTED: this statement's snapshot is taken after the lock, so it sees every earlier holder's insert
  SELECT count(*) INTO held
    FROM playback_sessions s JOIN token_families f ON f.id = s.family_id
    WHERE s.account_id = p_account AND s.state = 'ACTIVE' AND s.expires_at > p_now AND f.revoked_at IS NULL
      AND EXISTS (SELECT 1 FROM devices d WHERE d.account_id = s.account_id AND d.id = s.device_id);
  IF held < p_screens THEN
    INSERT INTO playback_sessions (id, account_id, profile_id, device_id, family_id, title_id, country, state,
        created_at, renewed_at, expires_at)
      VALUES (p_id, p_account, p_profile, p_device, p_family, p_title, p_country, 'ACTIVE', p_now, p_now, p_expires);
  END IF;
  RETURN held;
END
$$;
-- the retention task (PlaybackSessionCleaner) deletes by expiry, which an end or a revocation brings forward
CREATE INDEX playback_sessions_expires ON playback_sessions(expires_at);

--changeset serving-api:13-password-reset-and-mail-outbox
-- Password reset by e-mail (issue #14, accounts.PasswordResets): one row per requested reset, only the SHA-256 of
-- its one-time token. used_at spends it; a confirmed reset spends every other token of the account too.
CREATE TABLE password_reset_tokens (
  token_hash bytea PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX password_reset_tokens_account ON password_reset_tokens(account_id);

-- Mails to send, written in the same transaction as what they announce; accounts.mail.MailSender delivers them
-- to the configured SMTP server. A sent mail's body is emptied (a reset mail holds a one-time link); an unsent
-- mail past expires_at is deleted (its link no longer works).
CREATE TABLE mail_outbox (
  id              bigserial PRIMARY KEY,
  recipient       text NOT NULL,
  subject         text NOT NULL,
  body            text NOT NULL,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  attempts        int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error      text,
  sent_at         timestamptz
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE sent_at IS NULL;

--changeset serving-api:14-erasure-requests
-- A deleted account's request to the lake (issue #14, accounts.AccountErasure): batch-jobs' erase job deletes
-- one viewer per run by profile id (--profile-id), so a request carries the account's profile ids and nothing else
-- of it (no e-mail: the account is gone). completed_at is set by an operator once every profile was erased
-- (POST /v1/admin/erasure-requests/{id}/complete).
CREATE TABLE erasure_requests (
  id           uuid PRIMARY KEY,
  profile_ids  text[] NOT NULL,
  requested_at timestamptz NOT NULL,
  completed_at timestamptz,
  completed_by text
);
CREATE INDEX erasure_requests_pending ON erasure_requests(requested_at) WHERE completed_at IS NULL;

--changeset serving-api:15-rec-impression-outbox
-- rec_impressions is also the outbox of recommendations.impressions (issue #15, recommendations.db.ImpressionOutboxDao):
-- the relay sends unsent rows in id order and stamps sent_at; the lake lands them as ml.impressions. experiment_id and
-- split say which arm configuration served the impression (null and {} without arms). Rows from before are relayed too.
ALTER TABLE rec_impressions ADD COLUMN experiment_id text;
ALTER TABLE rec_impressions ADD COLUMN split jsonb NOT NULL DEFAULT '{}';
ALTER TABLE rec_impressions ADD COLUMN sent_at timestamptz;
CREATE INDEX rec_impressions_unsent ON rec_impressions(id) WHERE sent_at IS NULL;
