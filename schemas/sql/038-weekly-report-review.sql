-- 038-weekly-report-review.sql: submitted weekly reports await their
-- reviewers beside activities (review_marks and review_horizons already
-- name their record by entity); a company-wide reviewer reads the newest
-- submitted first by this key.
ALTER TABLE `weekly-reports` ADD KEY weekly_reports_submitted (status, submitted_at, id);
