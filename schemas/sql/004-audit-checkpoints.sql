-- 004-audit-checkpoints: the chain head, signed now and then with the server's
-- Ed25519 key, so that an exported trail can be verified far from the database.

CREATE TABLE audit_checkpoints (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  last_audit_id BIGINT UNSIGNED NOT NULL,
  head_hash     CHAR(64) NOT NULL,
  signed_at     DATETIME(6) NOT NULL,
  public_key    CHAR(64) NOT NULL,
  signature     CHAR(128) NOT NULL,
  KEY audit_checkpoints_last (last_audit_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
