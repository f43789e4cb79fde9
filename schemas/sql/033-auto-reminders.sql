-- 033-auto-reminders.sql: automatic reminders (contract ending, quote
-- expiring, customer without activity, contact's birthday): the company's
-- setting of each kind (common/entities/crm-reminder-setting.c, table
-- `reminder-settings` as its collection, kept by administrators), the kinds
-- each user turned off for themselves, and the reminders told, one row per
-- record and occurrence, claimed by its primary key so that several rapportd
-- on one database tell each once (server/rapportd-jobs-care.c).

CREATE TABLE `reminder-settings` (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version    INT UNSIGNED NOT NULL DEFAULT 1,
  created_at DATETIME(6) NOT NULL,
  created_by BIGINT UNSIGNED NULL,
  updated_at DATETIME(6) NOT NULL,
  updated_by BIGINT UNSIGNED NULL,
  archived   TINYINT(1) NOT NULL DEFAULT 0,
  kind       VARCHAR(16) NOT NULL,
  enabled    TINYINT(1) NOT NULL DEFAULT 0,
  -- days ahead of the date, or days without activity (no_activity)
  days       INT NOT NULL,
  UNIQUE KEY reminder_settings_kind (kind),
  KEY reminder_settings_archived (archived, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- every kind off until an administrator turns it on
INSERT INTO `reminder-settings` (created_at, updated_at, kind, enabled, days) VALUES
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'contract_end', 0, 30),
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'quote_expiry', 0, 7),
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'no_activity', 0, 30),
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'birthday', 0, 0);

-- a kind a user turned off for themselves; absent: on
CREATE TABLE reminder_opt_outs (
  user_id BIGINT UNSIGNED NOT NULL,
  kind    VARCHAR(16) NOT NULL,
  PRIMARY KEY (user_id, kind),
  CONSTRAINT reminder_opt_outs_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- occurrence: the contract's end date, the quote's valid-until date, the
-- start of the customer's idle time (its last activity, or its creation),
-- the year of the birthday
CREATE TABLE reminders_told (
  kind       VARCHAR(16) NOT NULL,
  record_id  BIGINT UNSIGNED NOT NULL,
  occurrence VARCHAR(32) NOT NULL,
  user_id    BIGINT UNSIGNED NOT NULL,
  told_at    DATETIME(6) NOT NULL,
  PRIMARY KEY (kind, record_id, occurrence),
  KEY reminders_told_user (user_id, told_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- what the job reads: contracts in force by end date, sent quotes by their
-- date, owned accounts by the start of their idle time, contacts by the
-- month and day of their birthday
ALTER TABLE contracts
  ADD KEY contracts_status_end (status, end_date, archived);
ALTER TABLE quotes
  ADD KEY quotes_status_valid (status, valid_until, archived);
ALTER TABLE accounts
  ADD COLUMN idle_since DATETIME(6) AS (COALESCE(last_activity_at, created_at)) VIRTUAL,
  ADD KEY accounts_idle_since (idle_since);
ALTER TABLE contacts
  ADD COLUMN birthday_md SMALLINT AS (MONTH(birthday) * 100 + DAYOFMONTH(birthday)) VIRTUAL,
  ADD KEY contacts_birthday_md (birthday_md);
