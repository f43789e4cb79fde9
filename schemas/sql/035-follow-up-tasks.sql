-- 035-follow-up-tasks.sql: a task may follow up an activity (its next step);
-- POST /activities/with-follow-up writes both in one transaction.

ALTER TABLE tasks
  ADD COLUMN activity_id BIGINT UNSIGNED NULL AFTER opportunity_id,
  ADD KEY tasks_activity (activity_id, id),
  ADD CONSTRAINT tasks_activity_fk FOREIGN KEY (activity_id) REFERENCES activities (id);
