-- 013-audit-chains.sql: the audit trail without one global lock
DO 0;
