-- 049-job-leases.sql: the periodic jobs run on one rapportd of a cluster
-- at a time (server/db/rapportd-lease.c, server/rapportd-jobs.c). A lease
-- is a row: the rapportd that holds it (host:pid:random) until expires_at,
-- database time, UTC; taken by one UPDATE that matches only while it is
-- free, expired or already its own. GET_LOCK() would hold on one Galera
-- node only. job_runs keeps who ran the jobs when, for 30 days.
--
-- And the audit ids on Galera: a database that moved onto a cluster gets the
-- sequence 013 makes there, counting from each node's own offset, so two
-- nodes never draw one id at once; and audit_append (013) again: a node's
-- sequence may still lag the ids the cluster used, or a chain's head, after
-- the cluster changed size: an id taken already, or not above the head, moves
-- the sequence on and draws again. On one server the first id drawn passes.

SET @audit_ids_galera = IF(@@wsrep_on, 'ALTER SEQUENCE audit_ids INCREMENT BY 0 NOCACHE', 'DO 0');
PREPARE audit_ids_galera FROM @audit_ids_galera;
EXECUTE audit_ids_galera;
DEALLOCATE PREPARE audit_ids_galera;

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

CREATE OR REPLACE PROCEDURE audit_append (IN in_chain TINYINT UNSIGNED,
                               IN in_at VARCHAR(32) CHARACTER SET ascii,
                               IN in_actor_id BIGINT UNSIGNED,
                               IN in_entity VARCHAR(64) CHARACTER SET utf8mb4,
                               IN in_entity_id BIGINT,
                               IN in_action VARCHAR(32) CHARACTER SET utf8mb4,
                               IN in_reason VARCHAR(500) CHARACTER SET utf8mb4,
                               IN in_before LONGTEXT CHARACTER SET utf8mb4,
                               IN in_after LONGTEXT CHARACTER SET utf8mb4)
MODIFIES SQL DATA
-- with the caller's rights: no definer account it depends on
SQL SECURITY INVOKER
BEGIN
  DECLARE prev_id BIGINT UNSIGNED DEFAULT NULL;
  DECLARE prev_hash CHAR(64) CHARACTER SET ascii DEFAULT NULL;
  DECLARE new_id BIGINT UNSIGNED;
  DECLARE new_hash CHAR(64) CHARACTER SET ascii;
  DECLARE skip_to BIGINT UNSIGNED;

  SELECT last_id, hash INTO prev_id, prev_hash FROM audit_chains WHERE id = in_chain FOR UPDATE;
  IF prev_hash IS NULL THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the head of the audit chain is missing';
  END IF;
  -- On a Galera cluster a node's sequence may lag the others': an id the
  -- cluster used already, or not above the chain's head, is skipped
  id_free: LOOP
    SET new_id = NEXTVAL(audit_ids);
    IF new_id > prev_id AND NOT EXISTS (SELECT 1 FROM audit_log WHERE id = new_id) THEN
      LEAVE id_free;
    END IF;
    SET skip_to = GREATEST(new_id, prev_id, (SELECT COALESCE(MAX(id), 0) FROM audit_log));
    -- SETVAL takes a constant only
    SET @audit_ids_skip = CONCAT('DO SETVAL(audit_ids, ', skip_to, ')');
    PREPARE audit_ids_skip FROM @audit_ids_skip;
    EXECUTE audit_ids_skip;
    DEALLOCATE PREPARE audit_ids_skip;
  END LOOP;
  SET new_hash = SHA2(CONCAT(
      CONCAT(OCTET_LENGTH(prev_hash), ':', prev_hash, ';'),
      CONCAT(OCTET_LENGTH(new_id), ':', new_id, ';'),
      'chain',
      CONCAT(OCTET_LENGTH(in_chain), ':', in_chain, ';'),
      CONCAT(OCTET_LENGTH(prev_id), ':', prev_id, ';'),
      IF(in_at IS NULL, '-;', CONCAT(OCTET_LENGTH(in_at), ':', in_at, ';')),
      IF(in_actor_id IS NULL, '-;', CONCAT(OCTET_LENGTH(in_actor_id), ':', in_actor_id, ';')),
      IF(in_entity IS NULL, '-;', CONCAT(OCTET_LENGTH(in_entity), ':', in_entity, ';')),
      IF(in_entity_id IS NULL, '-;', CONCAT(OCTET_LENGTH(in_entity_id), ':', in_entity_id, ';')),
      IF(in_action IS NULL, '-;', CONCAT(OCTET_LENGTH(in_action), ':', in_action, ';')),
      IF(in_reason IS NULL, '', CONCAT('reason', OCTET_LENGTH(in_reason), ':', in_reason, ';')),
      IF(in_before IS NULL, '-;', CONCAT(OCTET_LENGTH(in_before), ':', in_before, ';')),
      IF(in_after IS NULL, '-;', CONCAT(OCTET_LENGTH(in_after), ':', in_after, ';'))), 256);
  INSERT INTO audit_log (id, chain, prev_id, at, actor_id, entity, entity_id, action, reason,
                         before_json, after_json, prev_hash, hash)
    VALUES (new_id, in_chain, prev_id, in_at, in_actor_id, in_entity, in_entity_id, in_action, in_reason,
            in_before, in_after, prev_hash, new_hash);
  UPDATE audit_chains SET last_id = new_id, hash = new_hash WHERE id = in_chain;
END;
