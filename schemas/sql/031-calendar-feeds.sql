-- 031-calendar-feeds.sql: each user's read-only iCalendar feeds, by a secret of which only the SHA-256 is kept

CREATE TABLE calendar_feeds (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id     BIGINT UNSIGNED NOT NULL,
  token_hash  CHAR(64) NOT NULL,
  token_prefix VARCHAR(16) NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  last_used_at DATETIME(6) NULL,
  revoked_at  DATETIME(6) NULL,
  UNIQUE KEY calendar_feeds_token (token_hash),
  KEY calendar_feeds_user (user_id, id),
  CONSTRAINT calendar_feeds_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
