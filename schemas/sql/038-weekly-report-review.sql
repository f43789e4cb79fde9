-- 038-weekly-report-review.sql: submitted weekly reports await their
-- reviewers beside activities (review_marks and review_horizons already
-- name their record by entity). A reviewer reads the newest submitted
-- first: the team's by the second key, which holds the owner, so that only
-- the rows of a page are read whole; the first serves one owner's list.
ALTER TABLE `weekly-reports`
  ADD KEY weekly_reports_owner_submitted (owner_id, status, archived, submitted_at, id),
  ADD KEY weekly_reports_submitted (status, archived, submitted_at, id, owner_id);
