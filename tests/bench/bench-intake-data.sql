-- bench-intake-data.sql: more accounts for bench-intake.sh, up to @n, with their duplicate keys.
-- Run after `rapport-admin demo` has loaded some accounts (the templates): account i
-- beyond them copies template (i mod templates)'s name, industry, region, source, tier,
-- stage and owner, and that template's company, pinyin and trade keys (rapportd made
-- them with crm-dedup.c, so they are what rapportd would make); its phone is new,
-- '+86 2N NNNNNNNN' (unique), with the mobile key rapportd gives such a number
-- ('02NNNNNNNNN'); its code is 'B' and its number i, by which its keys find it. Generated inside MariaDB from the sequence engine (INSERT … SELECT,
-- no client round trips), in batches of 100,000 so that no one transaction grows too
-- large. The search index is not filled: intake does not read it.
-- Usage: SOURCE this file; CALL bench_intake_accounts(1000000);

DELIMITER //
CREATE OR REPLACE PROCEDURE bench_intake_accounts (IN n BIGINT)
BEGIN
  DECLARE templates BIGINT;
  DECLARE have BIGINT;
  DECLARE batch BIGINT;

  CREATE OR REPLACE TEMPORARY TABLE bench_templates (
    t BIGINT NOT NULL PRIMARY KEY,
    id BIGINT UNSIGNED NOT NULL
  ) ENGINE=InnoDB;
  INSERT INTO bench_templates (t, id)
    SELECT ROW_NUMBER() OVER (ORDER BY id) - 1, id FROM accounts WHERE archived = 0;
  SELECT COUNT(*) INTO templates FROM bench_templates;
  SELECT COUNT(*) INTO have FROM accounts;
  SET batch = have;
  SET autocommit = 0;
  WHILE batch < n DO
    INSERT INTO accounts (created_at, updated_at, code, name, industry, region, source, tier, lifecycle_stage,
                          owner_id, phone)
      SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), CONCAT('B', g.seq), a.name, a.industry, a.region, a.source, a.tier, a.lifecycle_stage,
             a.owner_id, CONCAT('+86 2', g.seq DIV 100000000, ' ', LPAD(g.seq MOD 100000000, 8, '0'))
        FROM seq_1_to_10000000 g
        JOIN bench_templates b ON b.t = g.seq MOD templates
        JOIN accounts a ON a.id = b.id
       WHERE g.seq > batch AND g.seq <= LEAST(batch + 100000, n)
       ORDER BY g.seq;
    INSERT INTO dedup_keys (entity, record_id, kind, dedup_key)
      SELECT 'account', c.id, k.kind, k.dedup_key
        FROM seq_1_to_10000000 g
        JOIN accounts c ON c.code = CONCAT('B', g.seq)
        JOIN bench_templates b ON b.t = g.seq MOD templates
        JOIN dedup_keys k ON k.entity = 'account' AND k.record_id = b.id AND k.kind IN ('company', 'pinyin', 'trade')
       WHERE g.seq > batch AND g.seq <= LEAST(batch + 100000, n);
    INSERT INTO dedup_keys (entity, record_id, kind, dedup_key)
      SELECT 'account', c.id, 'mobile', CONCAT('02', g.seq DIV 100000000, LPAD(g.seq MOD 100000000, 8, '0'))
        FROM seq_1_to_10000000 g
        JOIN accounts c ON c.code = CONCAT('B', g.seq)
       WHERE g.seq > batch AND g.seq <= LEAST(batch + 100000, n);
    COMMIT;
    SET batch = LEAST(batch + 100000, n);
  END WHILE;
  SET autocommit = 1;
  DROP TEMPORARY TABLE bench_templates;
END//
DELIMITER ;
