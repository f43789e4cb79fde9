-- 067-approval-escalate-at.sql: when a pending approval's current step
-- escalates, kept in an indexed column, so that the periodic job reads the
-- approvals whose deadline has passed and no others (it read and parsed
-- every pending approval at every run). NULL when the step has no deadline
-- that escalates, or the approval is decided; server/rapportd-approvals.c
-- keeps it with every change of the instance. The instant itself is in each
-- approval's instance (JSON): every pending approval is marked here for the
-- job's next run, which reads its instance and keeps its instant, or none.

ALTER TABLE approvals
  ADD COLUMN escalate_at DATETIME(6) NULL,
  ADD KEY approvals_escalate (escalate_at, id);

UPDATE approvals SET escalate_at = '1970-01-01 00:00:01' WHERE state = 'pending';
