-- 056-complaints.sql: complaints handled as medical-device regulators
-- require (21 CFR 820.198, ISO 13485 §8.2.2, EU MDR vigilance). A complaint
-- is a case with is_complaint set; its complaint file is kept on the case
-- (common/entities/crm-case.c), so it has the case's scope, version and
-- audit trail, and a signature on the case binds the complaint file too.
-- Complaint types, kept by administrators, give the report deadline in
-- calendar days after awareness (server/service/rapportd-complaints.c);
-- the complaint job warns and escalates (server/rapportd-jobs-complaints.c).

CREATE TABLE `complaint-types` (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version           INT UNSIGNED NOT NULL DEFAULT 1,
  created_at        DATETIME(6) NOT NULL,
  created_by        BIGINT UNSIGNED NULL,
  updated_at        DATETIME(6) NOT NULL,
  updated_by        BIGINT UNSIGNED NULL,
  archived          TINYINT(1) NOT NULL DEFAULT 0,
  name              VARCHAR(100) NOT NULL,
  -- NULL: no regulatory report is due for complaints of this type
  report_due_days   INT NULL,
  -- the owner and the quality role are warned this many days before the report is due
  warn_days         INT NOT NULL DEFAULT 3,
  active            TINYINT(1) NOT NULL DEFAULT 1,
  UNIQUE KEY complaint_types_name (name),
  KEY complaint_types_archived (archived, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- the shipped types; the README gives the regulations their days come from
INSERT INTO `complaint-types` (created_at, updated_at, name, report_due_days, warn_days) VALUES
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Serious public health threat', 2, 1),
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Death or unanticipated serious deterioration of health', 10, 3),
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Other serious incident', 15, 5),
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Malfunction or injury (FDA MDR)', 30, 7),
  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Non-medical (service, delivery, invoice)', NULL, 3);

-- The complaint file. reportable is NULL until the reportability
-- assessment is signed; assessed_at and assessed_by_id are those of the
-- signature (table signatures, meaning 'assessed'). closure_approved_at is
-- set when the closure approval is decided, and cleared on reopening: a
-- complaint resolves or closes only with it. report_warned_at and
-- report_overdue_at are the complaint job's marks, each given once;
-- report_next_at is the next instant the job acts at (the warning, then the
-- due instant), NULL once the report is submitted, not owed or overdue.
ALTER TABLE cases
  ADD COLUMN received_at         DATETIME(6) NULL,
  ADD COLUMN received_by_id      BIGINT UNSIGNED NULL,
  ADD COLUMN complaint_type_id   BIGINT UNSIGNED NULL,
  ADD COLUMN event_description   TEXT NULL,
  ADD COLUMN patient_impact      VARCHAR(16) NULL,
  ADD COLUMN reportable          TINYINT(1) NULL,
  ADD COLUMN report_regime       VARCHAR(16) NULL,
  ADD COLUMN assessment_reason   TEXT NULL,
  ADD COLUMN assessed_at         DATETIME(6) NULL,
  ADD COLUMN assessed_by_id      BIGINT UNSIGNED NULL,
  ADD COLUMN root_cause          TEXT NULL,
  ADD COLUMN capa_reference      VARCHAR(100) NULL,
  ADD COLUMN report_due_at       DATETIME(6) NULL,
  ADD COLUMN report_submitted_at DATETIME(6) NULL,
  ADD COLUMN report_reference    VARCHAR(100) NULL,
  ADD COLUMN report_warned_at    DATETIME(6) NULL,
  ADD COLUMN report_overdue_at   DATETIME(6) NULL,
  ADD COLUMN closure_approved_at DATETIME(6) NULL,
  ADD COLUMN report_next_at      DATETIME(6) NULL,
  ADD KEY cases_report_next (report_next_at),
  ADD KEY cases_complaint_type (complaint_type_id, id),
  ADD CONSTRAINT cases_received_by_fk FOREIGN KEY (received_by_id) REFERENCES users (id),
  ADD CONSTRAINT cases_assessed_by_fk FOREIGN KEY (assessed_by_id) REFERENCES users (id),
  ADD CONSTRAINT cases_complaint_type_fk FOREIGN KEY (complaint_type_id) REFERENCES `complaint-types` (id);

-- Complaints that existed were received when their case was made.
UPDATE cases SET received_at = created_at, received_by_id = created_by WHERE is_complaint = 1;

-- What a role may do beyond its data scope. complaint.assess: sign a
-- complaint's reportability assessment, and approve its closure (the
-- shipped closure workflow names the role quality).
CREATE TABLE role_permissions (
  role       VARCHAR(32) NOT NULL,
  permission VARCHAR(64) NOT NULL,
  PRIMARY KEY (role, permission)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

INSERT INTO role_permissions (role, permission) VALUES ('quality', 'complaint.assess');

-- The quality role (质量) sees and works every case and what cases point at,
-- and no leads (every role with a scope on accounts names one on leads).
INSERT INTO role_scopes (role, entity, scope) VALUES
  ('quality', 'case', 'company'), ('quality', 'account', 'company'),
  ('quality', 'contact', 'company'), ('quality', 'lead', 'none');
