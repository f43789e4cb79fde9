-- 009-events: what clients are told over the WebSocket, written in the same
-- transaction as the change, so nothing acknowledged is lost; every rapportd
-- behind a load balancer reads it for its own clients.

CREATE TABLE events (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created_at DATETIME(6) NOT NULL,
  -- the one user it is for, or NULL: everyone who may see the record
  user_id    BIGINT UNSIGNED NULL,
  kind       VARCHAR(32) NOT NULL,
  entity     VARCHAR(64) NULL,
  record_id  BIGINT UNSIGNED NULL,
  payload    TEXT NOT NULL,
  KEY events_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
