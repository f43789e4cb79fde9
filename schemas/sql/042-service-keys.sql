-- 042-service-keys.sql: service accounts, for the ERP and other systems
-- (server/db/rapportd-service-keys.c, server/api/rapportd-api-service-accounts.c).

-- A service account is a user (users, with its role, team and so its
-- scopes, as a person has) who has no password, so never signs in, and
-- acts through API keys: `Authorization: Bearer rk_…`. Only a key's SHA-256
-- is kept, and its first characters to tell keys apart. A key ends when it
-- expires or is revoked; it has no idle expiry. Each use is counted on the
-- key (uses, last_used_at); the audit trail gets one entry per key and
-- minute at most (audited_at: the last one), with the uses since.
CREATE TABLE service_accounts (
  user_id     BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  created_at  DATETIME(6) NOT NULL,
  created_by  BIGINT UNSIGNED NULL,
  revoked_at  DATETIME(6) NULL,
  revoked_by  BIGINT UNSIGNED NULL,
  CONSTRAINT service_accounts_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT service_accounts_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id),
  CONSTRAINT service_accounts_revoked_by_fk FOREIGN KEY (revoked_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE service_keys (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id       BIGINT UNSIGNED NOT NULL,
  key_hash      CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  key_prefix    VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at    DATETIME(6) NOT NULL,
  created_by    BIGINT UNSIGNED NULL,
  expires_at    DATETIME(6) NULL,
  revoked_at    DATETIME(6) NULL,
  revoked_by    BIGINT UNSIGNED NULL,
  last_used_at  DATETIME(6) NULL,
  uses          BIGINT UNSIGNED NOT NULL DEFAULT 0,
  audited_at    DATETIME(6) NULL,
  audited_uses  BIGINT UNSIGNED NOT NULL DEFAULT 0,
  UNIQUE KEY service_keys_hash (key_hash),
  KEY service_keys_user (user_id, id),
  CONSTRAINT service_keys_account_fk FOREIGN KEY (user_id) REFERENCES service_accounts (user_id),
  CONSTRAINT service_keys_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id),
  CONSTRAINT service_keys_revoked_by_fk FOREIGN KEY (revoked_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
