-- 016-leads.sql: leads, possible customers not yet worked into an account
-- (common/entities/crm-lead.c); owner_id NULL: the lead is in the pool

CREATE TABLE leads (
  id                   BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version              INT UNSIGNED NOT NULL DEFAULT 1,
  created_at           DATETIME(6) NOT NULL,
  created_by           BIGINT UNSIGNED NULL,
  updated_at           DATETIME(6) NOT NULL,
  updated_by           BIGINT UNSIGNED NULL,
  archived             TINYINT(1) NOT NULL DEFAULT 0,
  company              VARCHAR(200) NOT NULL,
  person               VARCHAR(200) NULL,
  title                VARCHAR(200) NULL,
  mobile               VARCHAR(32) NULL,
  phone                VARCHAR(32) NULL,
  email                VARCHAR(254) NULL,
  region               VARCHAR(100) NULL,
  industry             VARCHAR(32) NULL,
  source               VARCHAR(32) NULL,
  source_detail        VARCHAR(200) NULL,
  score                INT NULL,
  status               VARCHAR(32) NOT NULL DEFAULT 'new',
  disqualify_reason    VARCHAR(500) NULL,
  owner_id             BIGINT UNSIGNED NULL,
  last_activity_at     DATETIME(6) NULL,
  notes                TEXT NULL,
  converted_account_id BIGINT UNSIGNED NULL,
  converted_contact_id BIGINT UNSIGNED NULL,
  KEY leads_owner (owner_id, archived, id),
  KEY leads_archived (archived, id),
  KEY leads_status (status, id),
  KEY leads_owner_status (owner_id, status, id),
  KEY leads_source (source, id),
  KEY leads_region (region, id),
  KEY leads_industry (industry, id),
  KEY leads_company (company, id),
  KEY leads_person (person, id),
  KEY leads_score (score, id),
  KEY leads_created (created_at, id),
  KEY leads_updated (updated_at, id),
  KEY leads_last_activity (last_activity_at, id),
  CONSTRAINT leads_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT leads_account_fk FOREIGN KEY (converted_account_id) REFERENCES accounts (id),
  CONSTRAINT leads_contact_fk FOREIGN KEY (converted_contact_id) REFERENCES contacts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- every role sees leads as it sees accounts
INSERT INTO role_scopes (role, entity, scope)
  SELECT role, 'lead', scope FROM role_scopes WHERE entity = 'account';
