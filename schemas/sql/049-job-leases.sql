-- 049-job-leases.sql: the periodic jobs run on one rapportd of a cluster
-- at a time (server/db/rapportd-lease.c, server/rapportd-jobs.c). A lease
-- is a row: the rapportd that holds it (host:pid:random) until expires_at,
-- database time, UTC; taken by one UPDATE that matches only while it is
-- free, expired or already its own. GET_LOCK() would hold on one Galera
-- node only. job_runs keeps who ran the jobs when, for 30 days.

CREATE TABLE job_leases (
  name        VARCHAR(64) NOT NULL PRIMARY KEY,
  holder      VARCHAR(255) NOT NULL,
  expires_at  DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO job_leases (name, holder, expires_at) VALUES ('periodic', '', '1970-01-01');

CREATE TABLE job_runs (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(64) NOT NULL,
  holder      VARCHAR(255) NOT NULL,
  started_at  DATETIME(6) NOT NULL,
  KEY job_runs_started (started_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
