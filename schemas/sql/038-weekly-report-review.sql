-- 038-weekly-report-review.sql: submitted weekly reports await their
-- reviewers beside activities (review_marks and review_horizons already
-- name their record by entity). A team's reviewer reads each member's
-- newest submitted reports by the first key, a company-wide reviewer
-- everyone's by the second.
ALTER TABLE `weekly-reports`
  ADD KEY weekly_reports_owner_submitted (owner_id, status, submitted_at, id),
  ADD KEY weekly_reports_submitted (status, submitted_at, id);
