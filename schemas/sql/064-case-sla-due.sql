-- 064-case-sla-due.sql: what the service lists sort cases by. sla_due_at
-- is the earliest due instant of a target not met whose clock runs
-- (breached or not): the first response until it is given, the resolution
-- until the case is resolved, except while its clock is paused; NULL when
-- there is none (server/db/rapportd-sla.c keeps it at every change).

ALTER TABLE cases
  ADD COLUMN sla_due_at DATETIME(6) NULL,
  ADD KEY cases_sla_due (sla_due_at);

UPDATE cases
   SET sla_due_at = CASE
         WHEN first_response_at IS NULL AND first_response_due_at IS NOT NULL
              AND resolved_at IS NULL AND sla_paused_at IS NULL AND resolution_due_at IS NOT NULL
           THEN LEAST(first_response_due_at, resolution_due_at)
         WHEN first_response_at IS NULL AND first_response_due_at IS NOT NULL
           THEN first_response_due_at
         WHEN resolved_at IS NULL AND sla_paused_at IS NULL
           THEN resolution_due_at
       END;
