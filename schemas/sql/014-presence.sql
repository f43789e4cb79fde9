-- 014-presence.sql: who has unsaved edits in which record, for the others
-- who have it open. A client writes its row while its form is dirty and
-- renews it every 20 seconds; a row not renewed expires after 60, and one
-- whose session has ended goes with it. It changes no record and is not
-- audited; every rapportd reads and writes it, so presence holds behind a
-- load balancer. Starting and stopping are told through the events table.

CREATE TABLE record_presence (
  entity      VARCHAR(64) NOT NULL,
  record_id   BIGINT UNSIGNED NOT NULL,
  user_id     BIGINT UNSIGNED NOT NULL,
  -- the editing session's sessions.token_hash: one row per client
  session     CHAR(64) NOT NULL,
  started_at  DATETIME(6) NOT NULL,
  expires_at  DATETIME(6) NOT NULL,
  PRIMARY KEY (entity, record_id, user_id, session),
  KEY record_presence_expires (expires_at),
  KEY record_presence_session (session),
  CONSTRAINT record_presence_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
