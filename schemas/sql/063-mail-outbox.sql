-- 063-mail-outbox.sql: replies to customers sent by mail (server/mail/
-- rapportd-mail-outbox.c). A customer-visible reply on a case whose contact
-- has an email is queued here, whole (RFC 5322, our Message-ID, In-Reply-To
-- and References of the customer's last message), in the transaction of the
-- reply, and sent over SMTP by the mail thread of the rapportd holding the
-- mail lease: retried after the webhooks' backoff, failed after the 7th
-- attempt, its state and last error kept.

CREATE TABLE mail_outbox (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mailbox_id          BIGINT UNSIGNED NOT NULL,
  case_id             BIGINT UNSIGNED NOT NULL,
  -- the conversation's message it sends, when there is one
  case_message_id     BIGINT UNSIGNED NULL,
  to_address          VARCHAR(320) NOT NULL,
  subject             VARCHAR(998) NOT NULL,
  message_id_header   VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  raw                 MEDIUMTEXT NOT NULL,
  -- 'queued', 'sending' (claimed until lease_until), 'sent' or 'failed'
  state               VARCHAR(8) NOT NULL DEFAULT 'queued',
  attempts            INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at     DATETIME(6) NOT NULL,
  lease_until         DATETIME(6) NULL,
  last_error          VARCHAR(1000) NULL,
  created_at          DATETIME(6) NOT NULL,
  sent_at             DATETIME(6) NULL,
  UNIQUE KEY mail_outbox_message_id (message_id_header),
  KEY mail_outbox_due (state, next_attempt_at),
  KEY mail_outbox_case (case_id, id),
  CONSTRAINT mail_outbox_mailbox_fk FOREIGN KEY (mailbox_id) REFERENCES mailboxes (id),
  CONSTRAINT mail_outbox_case_fk FOREIGN KEY (case_id) REFERENCES cases (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Files of a customer's mail are attached to its case by the server, no
-- user: uploaded_by is empty for them (listed as uploaded by "mail").
ALTER TABLE attachments MODIFY uploaded_by BIGINT UNSIGNED NULL;
