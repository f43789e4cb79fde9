-- 065-sla-recompute.sql: open cases follow a changed SLA policy or business
-- calendar. A write to a policy or a calendar asks, in its own transaction,
-- for the open cases it may concern to be counted again (one row here);
-- the periodic job (server/rapportd-jobs-sla-recompute.c) walks them in
-- batches by id, `after_case_id` recording how far it has come, and
-- forgets the request once it is through.

CREATE TABLE sla_recomputes (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  requested_at    DATETIME(6) NOT NULL,
  -- 'policy': the cases that hold the policy or may now choose it;
  -- 'calendar': the cases whose policy counts in the calendar
  kind            VARCHAR(16) NOT NULL,
  ref_id          BIGINT UNSIGNED NOT NULL,
  -- the calendar is or was the default one: the cases whose policy counts
  -- in the default calendar, and those without a policy, too
  with_default    TINYINT(1) NOT NULL DEFAULT 0,
  after_case_id   BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
