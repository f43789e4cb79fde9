-- 018-opportunities.sql: pipelines and their ordered stages, kept by
-- administrators (common/entities/crm-pipeline.c, crm-pipeline-stage.c),
-- opportunities moving through them (crm-opportunity.c) and each stay of an
-- opportunity in a stage; quotes.opportunity_id becomes a reference

CREATE TABLE pipelines (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(6) NOT NULL,
  created_by  BIGINT UNSIGNED NULL,
  updated_at  DATETIME(6) NOT NULL,
  updated_by  BIGINT UNSIGNED NULL,
  archived    TINYINT(1) NOT NULL DEFAULT 0,
  name        VARCHAR(100) NOT NULL,
  is_default  TINYINT(1) NULL DEFAULT 0,
  -- one default pipeline: NULL for every other row, which a unique key allows
  default_key TINYINT(1) AS (IF(is_default = 1, 1, NULL)) PERSISTENT,
  UNIQUE KEY pipelines_name (name),
  UNIQUE KEY pipelines_is_default (default_key),
  KEY pipelines_archived (archived, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A pipeline's stages in order (position from 0), written with their
-- pipeline; required_fields and checklist hold JSON arrays of text.
CREATE TABLE pipeline_stages (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version         INT UNSIGNED NOT NULL DEFAULT 1,
  created_at      DATETIME(6) NOT NULL,
  created_by      BIGINT UNSIGNED NULL,
  updated_at      DATETIME(6) NOT NULL,
  updated_by      BIGINT UNSIGNED NULL,
  archived        TINYINT(1) NOT NULL DEFAULT 0,
  pipeline_id     BIGINT UNSIGNED NOT NULL,
  position        INT NOT NULL,
  name            VARCHAR(100) NOT NULL,
  probability     INT NOT NULL DEFAULT 0,
  kind            VARCHAR(8) NOT NULL DEFAULT 'open',
  required_fields TEXT NULL,
  checklist       TEXT NULL,
  workflow        VARCHAR(100) NULL,
  KEY pipeline_stages_pipeline (pipeline_id, position),
  CONSTRAINT pipeline_stages_pipeline_fk FOREIGN KEY (pipeline_id) REFERENCES pipelines (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE opportunities (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version          INT UNSIGNED NOT NULL DEFAULT 1,
  created_at       DATETIME(6) NOT NULL,
  created_by       BIGINT UNSIGNED NULL,
  updated_at       DATETIME(6) NOT NULL,
  updated_by       BIGINT UNSIGNED NULL,
  archived         TINYINT(1) NOT NULL DEFAULT 0,
  name             VARCHAR(200) NOT NULL,
  account_id       BIGINT UNSIGNED NOT NULL,
  contact_id       BIGINT UNSIGNED NULL,
  owner_id         BIGINT UNSIGNED NULL,
  amount           DECIMAL(18,2) NULL,
  currency         CHAR(3) NOT NULL,
  exchange_rate    DECIMAL(18,8) NULL,
  amount_base      DECIMAL(18,2) NULL,
  expected_close   DATE NULL,
  pipeline_id      BIGINT UNSIGNED NOT NULL,
  stage_id         BIGINT UNSIGNED NOT NULL,
  probability      INT NULL,
  status           VARCHAR(8) NOT NULL DEFAULT 'open',
  close_reason     VARCHAR(500) NULL,
  closed_at        DATETIME(6) NULL,
  lead_id          BIGINT UNSIGNED NULL,
  campaign         VARCHAR(200) NULL,
  competitors      VARCHAR(500) NULL,
  next_step        VARCHAR(500) NULL,
  stage_entered_at DATETIME(6) NULL,
  last_activity_at DATETIME(6) NULL,
  checklist_done   TEXT NULL,
  -- the stage a move waits to enter while its approval runs
  pending_stage_id BIGINT UNSIGNED NULL,
  KEY opportunities_owner (owner_id, archived, id),
  KEY opportunities_archived (archived, id),
  KEY opportunities_account (account_id, id),
  KEY opportunities_contact (contact_id, id),
  KEY opportunities_name (name, id),
  KEY opportunities_stage (stage_id, id),
  KEY opportunities_status (status, id),
  KEY opportunities_owner_status (owner_id, status, id),
  KEY opportunities_expected_close (expected_close, id),
  KEY opportunities_amount (amount, id),
  KEY opportunities_amount_base (amount_base, id),
  KEY opportunities_lead (lead_id, id),
  KEY opportunities_updated (updated_at, id),
  KEY opportunities_last_activity (last_activity_at, id),
  -- the pipeline reports
  KEY opportunities_pipeline_status_stage (pipeline_id, status, stage_id),
  KEY opportunities_status_closed (status, closed_at),
  KEY opportunities_status_expected_close (status, expected_close),
  CONSTRAINT opportunities_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT opportunities_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id),
  CONSTRAINT opportunities_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT opportunities_pipeline_fk FOREIGN KEY (pipeline_id) REFERENCES pipelines (id),
  CONSTRAINT opportunities_stage_fk FOREIGN KEY (stage_id) REFERENCES pipeline_stages (id),
  CONSTRAINT opportunities_pending_stage_fk FOREIGN KEY (pending_stage_id) REFERENCES pipeline_stages (id),
  CONSTRAINT opportunities_lead_fk FOREIGN KEY (lead_id) REFERENCES leads (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per stay of an opportunity in a stage; left_at NULL: it is there now.
CREATE TABLE opportunity_stage_history (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  opportunity_id BIGINT UNSIGNED NOT NULL,
  stage_id       BIGINT UNSIGNED NOT NULL,
  entered_at     DATETIME(6) NOT NULL,
  left_at        DATETIME(6) NULL,
  entered_by     BIGINT UNSIGNED NULL,
  KEY opportunity_stage_history_opportunity (opportunity_id, entered_at),
  KEY opportunity_stage_history_stage (stage_id, entered_at),
  CONSTRAINT opportunity_stage_history_opportunity_fk FOREIGN KEY (opportunity_id) REFERENCES opportunities (id),
  CONSTRAINT opportunity_stage_history_stage_fk FOREIGN KEY (stage_id) REFERENCES pipeline_stages (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- every role sees opportunities as it sees accounts
INSERT INTO role_scopes (role, entity, scope)
  SELECT role, 'opportunity', scope FROM role_scopes WHERE entity = 'account';

-- a quote's opportunity was a number pointing nowhere; it is now a reference
UPDATE quotes SET opportunity_id = NULL WHERE opportunity_id IS NOT NULL;
ALTER TABLE quotes ADD CONSTRAINT quotes_opportunity_fk FOREIGN KEY (opportunity_id) REFERENCES opportunities (id);

-- what a converted lead became besides its account and contact
ALTER TABLE leads ADD COLUMN converted_opportunity_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT leads_opportunity_fk FOREIGN KEY (converted_opportunity_id) REFERENCES opportunities (id);

-- The default pipeline. Stage names are data, seeded in English; an
-- administrator renames them (销售, 初步接洽…) like any other record.
INSERT INTO pipelines (created_at, updated_at, name, is_default)
  VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Sales', 1);
SET @sales = LAST_INSERT_ID();
INSERT INTO pipeline_stages (created_at, updated_at, pipeline_id, position, name, probability, kind, required_fields, checklist) VALUES
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), @sales, 0, 'Qualification',  10, 'open', '[]',
   '["Confirm the need","Identify the decision maker"]'),
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), @sales, 1, 'Needs analysis', 20, 'open', '[]',
   '["Meet the users","Agree the scope and budget"]'),
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), @sales, 2, 'Proposal',       50, 'open', '["amount","expected_close"]',
   '["Send the quote","Present the solution"]'),
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), @sales, 3, 'Negotiation',    75, 'open', '[]',
   '["Agree price and terms","Review the contract"]'),
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), @sales, 4, 'Won',           100, 'won',  '[]', '[]'),
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), @sales, 5, 'Lost',            0, 'lost', '[]', '[]');
