-- 051-sla.sql: service levels for cases. SLA policies kept by
-- administrators (common/entities/crm-sla-policy.c, table `sla-policies`
-- as its collection); each case keeps the policy it was given, its due
-- and warning instants in business time, when the periodic SLA job warned
-- of or marked each target breached, and since when its clock is paused
-- (server/db/rapportd-sla.c, server/rapportd-jobs-sla.c).

CREATE TABLE `sla-policies` (
  id                     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version                INT UNSIGNED NOT NULL DEFAULT 1,
  created_at             DATETIME(6) NOT NULL,
  created_by             BIGINT UNSIGNED NULL,
  updated_at             DATETIME(6) NOT NULL,
  updated_by             BIGINT UNSIGNED NULL,
  archived               TINYINT(1) NOT NULL DEFAULT 0,
  name                   VARCHAR(100) NOT NULL,
  -- NULL: the default calendar
  calendar_id            BIGINT UNSIGNED NULL,
  -- a case's priority, or 'any'
  priority               VARCHAR(16) NOT NULL DEFAULT 'any',
  -- NULL: any category
  category               VARCHAR(100) NULL,
  first_response_minutes INT NOT NULL,
  resolution_minutes     INT NOT NULL,
  -- the warning: at this percent of a target (80 when neither is set), or minutes before it
  warn_percent           INT NULL,
  warn_minutes           INT NULL,
  is_active              TINYINT(1) NOT NULL DEFAULT 1,
  UNIQUE KEY sla_policies_name (name),
  KEY sla_policies_match (is_active, archived, priority, category),
  KEY sla_policies_archived (archived, id),
  CONSTRAINT sla_policies_calendar_fk FOREIGN KEY (calendar_id) REFERENCES `business-calendars` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A case's service level. sla_next_at is the earliest warning or due
-- instant of a target not yet met, warned of or marked breached, NULL
-- when there is none (no policy, both met or marked, clock paused): the
-- SLA job reads the cases whose sla_next_at has passed by its index.
ALTER TABLE cases
  ADD COLUMN sla_policy_id              BIGINT UNSIGNED NULL,
  ADD COLUMN first_response_due_at      DATETIME(6) NULL,
  ADD COLUMN first_response_warn_at     DATETIME(6) NULL,
  ADD COLUMN resolution_due_at          DATETIME(6) NULL,
  ADD COLUMN resolution_warn_at         DATETIME(6) NULL,
  ADD COLUMN first_response_warned_at   DATETIME(6) NULL,
  ADD COLUMN first_response_breached_at DATETIME(6) NULL,
  ADD COLUMN resolution_warned_at       DATETIME(6) NULL,
  ADD COLUMN resolution_breached_at     DATETIME(6) NULL,
  ADD COLUMN sla_paused_at              DATETIME(6) NULL,
  ADD COLUMN sla_next_at                DATETIME(6) NULL,
  ADD KEY cases_sla_next (sla_next_at),
  ADD CONSTRAINT cases_sla_policy_fk FOREIGN KEY (sla_policy_id) REFERENCES `sla-policies` (id);

-- The stretches a case's resolution clock stood still (waiting on the
-- customer, resolved until reopened) and the business seconds each moved
-- its resolution due instant by.
CREATE TABLE case_sla_pauses (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id          BIGINT UNSIGNED NOT NULL,
  paused_from      DATETIME(6) NOT NULL,
  paused_to        DATETIME(6) NOT NULL,
  business_seconds BIGINT NOT NULL,
  KEY case_sla_pauses_case (case_id, id),
  CONSTRAINT case_sla_pauses_case_fk FOREIGN KEY (case_id) REFERENCES cases (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
