-- 030-timeline.sql: the indexes a customer's timeline (server/db/rapportd-timeline.c)
-- reads its sources by, newest first: a page of a record's tasks by when they were
-- created, and of a record's audit rows by when they were written, each one range
-- read however long the history.

ALTER TABLE tasks
  ADD KEY tasks_account_created (account_id, created_at, id),
  ADD KEY tasks_contact_created (contact_id, created_at, id),
  ADD KEY tasks_lead_created (lead_id, created_at, id),
  ADD KEY tasks_opportunity_created (opportunity_id, created_at, id);

ALTER TABLE audit_log
  ADD KEY audit_entity_at (entity, entity_id, at, id);
