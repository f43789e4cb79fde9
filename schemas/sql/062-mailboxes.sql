-- 062-mailboxes.sql: mail in for service cases (server/mail/). A mailbox is
-- read over IMAP for one queue (team); its password is kept encrypted with
-- a key derived from the attachments key, never in clear. Every message read
-- is a mail_messages row with its raw bytes in the blob store, stored in the
-- transaction that moves the mailbox's last_uid on, so nothing acknowledged
-- is lost and nothing is stored twice (unique per mailbox by UID and by
-- Message-ID). A message that cannot be taken (not MIME, too large, a
-- dangerous attachment) is kept with status 'error' and its reason.

CREATE TABLE mailboxes (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version             INT UNSIGNED NOT NULL DEFAULT 1,
  name                VARCHAR(100) NOT NULL,
  team_id             BIGINT UNSIGNED NOT NULL,
  -- cases from senders that match no contact go to this account
  fallback_account_id BIGINT UNSIGNED NOT NULL,
  imap_url            VARCHAR(2000) NOT NULL,
  username            VARCHAR(320) NOT NULL,
  -- base64 of nonce + crypto_secretbox (libsodium)
  password_sealed     VARCHAR(1024) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  smtp_url            VARCHAR(2000) NULL,
  from_address        VARCHAR(320) NOT NULL,
  active              TINYINT(1) NOT NULL DEFAULT 1,
  poll_seconds        INT UNSIGNED NOT NULL DEFAULT 60,
  uid_validity        BIGINT UNSIGNED NULL,
  last_uid            BIGINT UNSIGNED NOT NULL DEFAULT 0,
  last_polled_at      DATETIME(6) NULL,
  last_error          VARCHAR(1000) NULL,
  created_at          DATETIME(6) NOT NULL,
  updated_at          DATETIME(6) NOT NULL,
  CONSTRAINT mailboxes_team_fk FOREIGN KEY (team_id) REFERENCES teams (id),
  CONSTRAINT mailboxes_account_fk FOREIGN KEY (fallback_account_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE mail_messages (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mailbox_id          BIGINT UNSIGNED NOT NULL,
  uid_validity        BIGINT UNSIGNED NOT NULL,
  uid                 BIGINT UNSIGNED NOT NULL,
  -- 'stored' (on a case) or 'error' (kept, reason says why)
  status              VARCHAR(8) NOT NULL,
  reason              VARCHAR(1000) NULL,
  message_id_header   VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
  from_address        VARCHAR(320) NULL,
  subject             VARCHAR(255) NULL,
  size                BIGINT UNSIGNED NOT NULL,
  raw_sha256          CHAR(64) CHARACTER SET ascii NOT NULL,
  case_id             BIGINT UNSIGNED NULL,
  -- 'new' (a case opened for it) or 'subject', 'in_reply_to', 'references'
  threaded_by         VARCHAR(16) NULL,
  received_at         DATETIME(6) NOT NULL,
  UNIQUE KEY mail_messages_uid (mailbox_id, uid_validity, uid),
  UNIQUE KEY mail_messages_message_id (mailbox_id, message_id_header),
  KEY mail_messages_status (mailbox_id, status, id),
  KEY mail_messages_header (message_id_header),
  CONSTRAINT mail_messages_mailbox_fk FOREIGN KEY (mailbox_id) REFERENCES mailboxes (id),
  CONSTRAINT mail_messages_case_fk FOREIGN KEY (case_id) REFERENCES cases (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO job_leases (name, holder, expires_at) VALUES ('mail', '', '1970-01-01');
