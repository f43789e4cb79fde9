-- 027-tasks.sql: tasks and their reminders (common/entities/crm-task.c).
-- The assignee owns a task. next_reminder_at is the time the reminder job
-- (server/rapportd-jobs-reminders.c) fires it: the remind-at time or the
-- snooze, NULL once fired or done; the job claims a due row by setting
-- reminded_at and clearing next_reminder_at, so it fires once whatever the
-- number of rapportd on the database.

CREATE TABLE tasks (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version          INT UNSIGNED NOT NULL DEFAULT 1,
  created_at       DATETIME(6) NOT NULL,
  created_by       BIGINT UNSIGNED NULL,
  updated_at       DATETIME(6) NOT NULL,
  updated_by       BIGINT UNSIGNED NULL,
  archived         TINYINT(1) NOT NULL DEFAULT 0,
  subject          VARCHAR(200) NOT NULL,
  due_at           DATETIME(6) NULL,
  remind_at        DATETIME(6) NULL,
  recurrence       VARCHAR(500) NULL,
  assignee_id      BIGINT UNSIGNED NULL,
  account_id       BIGINT UNSIGNED NULL,
  contact_id       BIGINT UNSIGNED NULL,
  lead_id          BIGINT UNSIGNED NULL,
  opportunity_id   BIGINT UNSIGNED NULL,
  done             TINYINT(1) NOT NULL DEFAULT 0,
  done_at          DATETIME(6) NULL,
  snoozed_until    DATETIME(6) NULL,
  reminded_at      DATETIME(6) NULL,
  next_reminder_at DATETIME(6) NULL,
  series_start     DATETIME(6) NULL,
  previous_task_id BIGINT UNSIGNED NULL,
  notes            TEXT NULL,
  KEY tasks_next_reminder (next_reminder_at),
  KEY tasks_assignee (assignee_id, archived, id),
  KEY tasks_assignee_open (assignee_id, done, archived, due_at, id),
  KEY tasks_archived (archived, id),
  KEY tasks_due (due_at, id),
  KEY tasks_subject (subject, id),
  KEY tasks_account (account_id, id),
  KEY tasks_contact (contact_id, id),
  KEY tasks_lead (lead_id, id),
  KEY tasks_opportunity (opportunity_id, id),
  KEY tasks_previous (previous_task_id),
  CONSTRAINT tasks_assignee_fk FOREIGN KEY (assignee_id) REFERENCES users (id),
  CONSTRAINT tasks_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT tasks_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id),
  CONSTRAINT tasks_lead_fk FOREIGN KEY (lead_id) REFERENCES leads (id),
  CONSTRAINT tasks_opportunity_fk FOREIGN KEY (opportunity_id) REFERENCES opportunities (id),
  CONSTRAINT tasks_previous_fk FOREIGN KEY (previous_task_id) REFERENCES tasks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- every role sees tasks, by their assignee, as it sees accounts by their owner
INSERT INTO role_scopes (role, entity, scope)
  SELECT role, 'task', scope FROM role_scopes WHERE entity = 'account';
