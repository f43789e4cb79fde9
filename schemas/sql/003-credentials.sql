-- 003-credentials: password policy and history, forced changes, lockout,
-- idle session expiry.

ALTER TABLE users
  ADD COLUMN must_change_password TINYINT(1) NOT NULL DEFAULT 0 AFTER password_hash,
  ADD COLUMN password_changed_at DATETIME(6) NULL AFTER must_change_password,
  ADD COLUMN locked TINYINT(1) NOT NULL DEFAULT 0 AFTER locked_until;

-- the initial administrator must choose a password of their own
UPDATE users SET must_change_password = 1 WHERE login = 'admin' AND password_changed_at IS NULL;

CREATE TABLE password_history (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id    BIGINT UNSIGNED NOT NULL,
  hash       VARCHAR(255) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY password_history_user (user_id, id),
  CONSTRAINT password_history_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

ALTER TABLE sessions
  ADD COLUMN last_seen_at DATETIME(6) NULL AFTER created_at;
UPDATE sessions SET last_seen_at = created_at;
