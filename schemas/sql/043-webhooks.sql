-- 043-webhooks: administrators subscribe an address to event types; each
-- change of a subscribed type leaves a delivery in the transaction that
-- made it (an outbox), which a sender on every rapportd claims, POSTs
-- signed, and retries with backoff; every attempt is logged.

CREATE TABLE webhook_subscriptions (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  url         VARCHAR(2000) NOT NULL,
  -- used to sign, so kept as is: the data directory's tables are
  -- encrypted at rest, and the API shows it only when it is made
  secret      VARCHAR(200) NOT NULL,
  active      TINYINT(1) NOT NULL DEFAULT 1,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_by  BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  updated_at  DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT webhook_subscriptions_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE webhook_subscription_events (
  subscription_id BIGINT UNSIGNED NOT NULL,
  type            VARCHAR(100) NOT NULL,
  PRIMARY KEY (subscription_id, type),
  KEY webhook_subscription_events_type (type),
  CONSTRAINT webhook_subscription_events_fk FOREIGN KEY (subscription_id)
    REFERENCES webhook_subscriptions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- state: pending (due at next_attempt_at), sending (claimed by a sender
-- until next_attempt_at, then claimable again), delivered, failed
CREATE TABLE webhook_deliveries (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  subscription_id BIGINT UNSIGNED NOT NULL,
  event_id        BIGINT UNSIGNED NOT NULL,
  type            VARCHAR(100) NOT NULL,
  body            MEDIUMTEXT NOT NULL,
  state           VARCHAR(16) NOT NULL DEFAULT 'pending',
  attempts        INT UNSIGNED NOT NULL DEFAULT 0,
  created_at      DATETIME(6) NOT NULL,
  next_attempt_at DATETIME(6) NOT NULL,
  last_status     INT NULL,
  delivered_at    DATETIME(6) NULL,
  PRIMARY KEY (id),
  KEY webhook_deliveries_due (state, next_attempt_at),
  KEY webhook_deliveries_subscription (subscription_id, id),
  CONSTRAINT webhook_deliveries_subscription_fk FOREIGN KEY (subscription_id)
    REFERENCES webhook_subscriptions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE webhook_attempts (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  delivery_id  BIGINT UNSIGNED NOT NULL,
  attempted_at DATETIME(6) NOT NULL,
  status       INT NULL,
  duration_ms  INT UNSIGNED NOT NULL,
  error        VARCHAR(500) NULL,
  response     VARCHAR(1024) NULL,
  PRIMARY KEY (id),
  KEY webhook_attempts_delivery (delivery_id, id),
  CONSTRAINT webhook_attempts_delivery_fk FOREIGN KEY (delivery_id)
    REFERENCES webhook_deliveries (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
