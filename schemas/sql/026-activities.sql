-- 026-activities.sql: activities, the calls, visits, meetings, emails and
-- notes on record with a customer (common/entities/crm-activity.c), their
-- participants (crm-activity-participant.c), and when a contact last had one

CREATE TABLE activities (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version           INT UNSIGNED NOT NULL DEFAULT 1,
  created_at        DATETIME(6) NOT NULL,
  created_by        BIGINT UNSIGNED NULL,
  updated_at        DATETIME(6) NOT NULL,
  updated_by        BIGINT UNSIGNED NULL,
  archived          TINYINT(1) NOT NULL DEFAULT 0,
  kind              VARCHAR(16) NOT NULL DEFAULT 'call',
  subject           VARCHAR(200) NOT NULL,
  discussion        TEXT NULL,
  outcome           TEXT NULL,
  next_step         VARCHAR(500) NULL,
  next_step_on      DATE NULL,
  starts_at         DATETIME(6) NULL,
  ends_at           DATETIME(6) NULL,
  place             VARCHAR(200) NULL,
  account_id        BIGINT UNSIGNED NULL,
  contact_id        BIGINT UNSIGNED NULL,
  lead_id           BIGINT UNSIGNED NULL,
  opportunity_id    BIGINT UNSIGNED NULL,
  owner_id          BIGINT UNSIGNED NULL,
  -- open: the owner may edit it until editable_until; closed: corrected only
  status            VARCHAR(16) NOT NULL DEFAULT 'open',
  editable_until    DATETIME(6) NULL,
  corrects_id       BIGINT UNSIGNED NULL,
  correction_reason VARCHAR(500) NULL,
  corrected_by_id   BIGINT UNSIGNED NULL,
  KEY activities_owner (owner_id, archived, id),
  KEY activities_archived (archived, id),
  KEY activities_account (account_id, starts_at, id),
  KEY activities_contact (contact_id, starts_at, id),
  KEY activities_lead (lead_id, starts_at, id),
  KEY activities_opportunity (opportunity_id, starts_at, id),
  KEY activities_kind (kind, id),
  KEY activities_subject (subject, id),
  KEY activities_starts (starts_at, id),
  KEY activities_ends (ends_at, id),
  KEY activities_next_step_on (next_step_on, id),
  KEY activities_updated (updated_at, id),
  -- the periodic job closes those whose window has passed
  KEY activities_status_until (status, editable_until),
  KEY activities_corrects (corrects_id),
  CONSTRAINT activities_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT activities_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id),
  CONSTRAINT activities_lead_fk FOREIGN KEY (lead_id) REFERENCES leads (id),
  CONSTRAINT activities_opportunity_fk FOREIGN KEY (opportunity_id) REFERENCES opportunities (id),
  CONSTRAINT activities_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT activities_corrects_fk FOREIGN KEY (corrects_id) REFERENCES activities (id),
  CONSTRAINT activities_corrected_by_fk FOREIGN KEY (corrected_by_id) REFERENCES activities (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An activity's participants in order (position from 0), written with it:
-- each a colleague (user_id) or a contact (contact_id).
CREATE TABLE activity_participants (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(6) NOT NULL,
  created_by  BIGINT UNSIGNED NULL,
  updated_at  DATETIME(6) NOT NULL,
  updated_by  BIGINT UNSIGNED NULL,
  archived    TINYINT(1) NOT NULL DEFAULT 0,
  activity_id BIGINT UNSIGNED NOT NULL,
  position    INT NOT NULL,
  user_id     BIGINT UNSIGNED NULL,
  contact_id  BIGINT UNSIGNED NULL,
  KEY activity_participants_activity (activity_id, position),
  KEY activity_participants_user (user_id, activity_id),
  KEY activity_participants_contact (contact_id, activity_id),
  CONSTRAINT activity_participants_activity_fk FOREIGN KEY (activity_id) REFERENCES activities (id),
  CONSTRAINT activity_participants_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT activity_participants_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- accounts, leads and opportunities have it already
ALTER TABLE contacts
  ADD COLUMN last_activity_at DATETIME(6) NULL,
  ADD KEY contacts_last_activity (last_activity_at, id);

-- every role sees activities as it sees accounts
INSERT INTO role_scopes (role, entity, scope)
  SELECT role, 'activity', scope FROM role_scopes WHERE entity = 'account';
