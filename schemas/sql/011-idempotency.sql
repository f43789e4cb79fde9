-- 011-idempotency: the answers to POSTs sent with an Idempotency-Key, so a
-- client that retries after a lost answer gets the first result instead of
-- a second record. Written in the transaction of the write itself; kept for
-- 24 hours, then purged by the periodic jobs.

CREATE TABLE idempotency_keys (
  user_id     BIGINT UNSIGNED NOT NULL,
  -- the key as the client sent it: printable ASCII, at most 255 characters
  idem_key    VARBINARY(255) NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  -- SHA-256 (hex) of the method, path, query and body of the first request
  fingerprint CHAR(64) NOT NULL,
  status      SMALLINT UNSIGNED NOT NULL,
  response    MEDIUMTEXT NOT NULL,
  PRIMARY KEY (user_id, idem_key),
  KEY idempotency_keys_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
