-- 069-approval-trigger.sql: the step an approval gates ("submit",
-- "activate", "close", "sla_breach"…), kept in a column of its own, so that
-- "is a closure (an SLA escalation) of this case pending?" reads a column,
-- not the definition's JSON. Filled from the definition each approval keeps.

ALTER TABLE approvals ADD COLUMN `trigger` VARCHAR(32) NULL AFTER record_version;

UPDATE approvals SET `trigger` = JSON_VALUE(definition, '$.trigger');
