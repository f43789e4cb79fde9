-- 013-audit-chains.sql: the audit trail without one global lock.
-- Rows now belong to one of several hash chains, each with its own head in
-- audit_chains, so concurrent writers lock different heads. A row names its
-- chain and the id of the row before it in that chain; ids come from the
-- audit_ids sequence, taken under the chain's lock, so they still order the
-- rows of each chain and of each record. Rows written before are chain 0,
-- kept as they were and closed; appends go to chains 1 to 16. The signed
-- checkpoints now cover every chain's head (heads, digested in head_hash).

ALTER TABLE audit_log
  ADD COLUMN chain TINYINT UNSIGNED NOT NULL DEFAULT 0 AFTER id,
  ADD COLUMN prev_id BIGINT UNSIGNED NOT NULL DEFAULT 0 AFTER chain;
UPDATE audit_log SET prev_id = id - 1;

CREATE TABLE audit_chains (
  id       TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  last_id  BIGINT UNSIGNED NOT NULL,
  hash     CHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

INSERT INTO audit_chains (id, last_id, hash) SELECT 0, last_id, hash FROM audit_head WHERE id = 1;
INSERT INTO audit_chains (id, last_id, hash) VALUES
  (1, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (2, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (3, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (4, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (5, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (6, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (7, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (8, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (9, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (10, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (11, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (12, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (13, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (14, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (15, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
  (16, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- new ids follow the old chain's; the sequence hands them out without a lock.
-- A Galera node allows no cached sequence that counts by 1: there it counts
-- by the cluster's auto_increment_increment from each node's own offset
-- (INCREMENT BY 0), so two nodes never draw one id, uncached (see 049).
SET @audit_ids_start = GREATEST((SELECT COALESCE(MAX(id), 0) FROM audit_log),
                                (SELECT COALESCE(MAX(last_id), 0) FROM audit_head)) + 1;
SET @audit_ids_create = CONCAT('CREATE SEQUENCE audit_ids START WITH ', @audit_ids_start,
                               IF(@@wsrep_on, ' INCREMENT BY 0 NOCACHE', ' CACHE 1000'));
PREPARE audit_ids_create FROM @audit_ids_create;
EXECUTE audit_ids_create;
DEALLOCATE PREPARE audit_ids_create;

DROP TABLE audit_head;

ALTER TABLE audit_checkpoints ADD COLUMN heads TEXT NULL;

-- One append in one round trip: the chain's head locked until the commit,
-- the id drawn under that lock, the row hashed as rapportd_audit_row_hash()
-- hashes a row of chains 1 and up (each value length-prefixed), inserted,
-- and the head moved on to it. `audit verify` recomputes every hash in C.
CREATE PROCEDURE audit_append (IN in_chain TINYINT UNSIGNED,
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

  SELECT last_id, hash INTO prev_id, prev_hash FROM audit_chains WHERE id = in_chain FOR UPDATE;
  IF prev_hash IS NULL THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the head of the audit chain is missing';
  END IF;
  SET new_id = NEXTVAL(audit_ids);
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
