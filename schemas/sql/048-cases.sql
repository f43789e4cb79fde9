-- 048-cases.sql: service cases, or tickets (common/entities/crm-case.c,
-- table `cases` as its collection; its status rules in
-- server/db/rapportd-cases.c). The owner works the case and is seen by
-- the data scopes as for accounts; the queue is a team. The number comes
-- from document_sequences (prefix "CS"), per year, like a quote's.

CREATE TABLE cases (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version           INT UNSIGNED NOT NULL DEFAULT 1,
  created_at        DATETIME(6) NOT NULL,
  created_by        BIGINT UNSIGNED NULL,
  updated_at        DATETIME(6) NOT NULL,
  updated_by        BIGINT UNSIGNED NULL,
  archived          TINYINT(1) NOT NULL DEFAULT 0,
  number            VARCHAR(32) NOT NULL,
  subject           VARCHAR(200) NOT NULL,
  account_id        BIGINT UNSIGNED NOT NULL,
  contact_id        BIGINT UNSIGNED NULL,
  status            VARCHAR(24) NOT NULL DEFAULT 'new',
  priority          VARCHAR(16) NOT NULL DEFAULT 'normal',
  channel           VARCHAR(16) NULL,
  category          VARCHAR(100) NULL,
  description       TEXT NULL,
  product_id        BIGINT UNSIGNED NULL,
  serial_lot        VARCHAR(100) NULL,
  order_id          BIGINT UNSIGNED NULL,
  contract_id       BIGINT UNSIGNED NULL,
  is_complaint      TINYINT(1) NOT NULL DEFAULT 0,
  owner_id          BIGINT UNSIGNED NULL,
  queue_team_id     BIGINT UNSIGNED NULL,
  first_response_at DATETIME(6) NULL,
  resolved_at       DATETIME(6) NULL,
  closed_at         DATETIME(6) NULL,
  UNIQUE KEY cases_number (number),
  KEY cases_account (account_id, id),
  KEY cases_contact (contact_id, id),
  KEY cases_owner (owner_id, status, id),
  KEY cases_status (status, id),
  KEY cases_queue (queue_team_id, status, id),
  KEY cases_product (product_id, id),
  KEY cases_order (order_id),
  KEY cases_contract (contract_id),
  KEY cases_archived (archived, id),
  KEY cases_subject (subject, id),
  CONSTRAINT cases_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT cases_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id),
  CONSTRAINT cases_product_fk FOREIGN KEY (product_id) REFERENCES products (id),
  CONSTRAINT cases_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
  CONSTRAINT cases_contract_fk FOREIGN KEY (contract_id) REFERENCES contracts (id),
  CONSTRAINT cases_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT cases_queue_fk FOREIGN KEY (queue_team_id) REFERENCES teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO role_scopes (role, entity, scope)
  SELECT role, 'case', scope FROM role_scopes WHERE entity = 'account';
