-- bench-pipeline-data.sql: @n opportunities spread over the default pipeline's stages,
-- 5 teams of 10 reps, 1,000 accounts and three years, with their stage history.
-- CALL bench_pipeline_load (N), then CALL pipeline_summary_rebuild (). Generated inside MariaDB from the sequence
-- engine (INSERT … SELECT, no client round trips), in batches of 100,000 so
-- that no one transaction grows too large.
--
-- Opportunity i (1-based):
--   owner       rep (i mod 50), in team (i mod 50) div 10
--   status      i mod 10: 0–1 won, 2–5 lost, 6–9 open
--   stage       open: (i div 10) mod 4 (Qualification … Negotiation);
--               lost at that stage, then Lost; won through every open stage
--   created_at  2024-01-01 + (i mod 1095) days; expected_close 60 days later,
--               closed_at 45 days later
--   amount      100.00 + (i × 7919 mod 1000000) / 100, in CNY
--   history     one row per stage passed, each stay 10 days, the last open

DELIMITER //
CREATE OR REPLACE PROCEDURE bench_pipeline_load (IN n BIGINT)
BEGIN
  DECLARE q BIGINT;
  DECLARE pipeline BIGINT;
  DECLARE batch BIGINT DEFAULT 0;
  DECLARE first_account BIGINT;
  DECLARE first_rep BIGINT;
  DECLARE last_id BIGINT;

  -- the triggers of the funnel's sums leave a bulk load alone: the caller
  -- counts the sums once it is done (CALL pipeline_summary_rebuild ())
  SET @pipeline_summary_bulk = 1;
  SELECT id INTO pipeline FROM pipelines WHERE is_default = 1;
  SELECT id INTO q FROM pipeline_stages WHERE pipeline_id = pipeline AND position = 0;

  INSERT INTO teams (created_at, updated_at, name)
    SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), CONCAT('Bench team ', seq) FROM seq_0_to_4;
  INSERT INTO users (created_at, updated_at, login, name, role, team_id)
    SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), CONCAT('bench.rep', seq), CONCAT('Bench rep ', seq), 'sales',
           (SELECT id FROM teams WHERE name = CONCAT('Bench team ', seq DIV 10))
      FROM seq_0_to_49 ORDER BY seq;
  SELECT MIN(id) INTO first_rep FROM users WHERE login LIKE 'bench.rep%';
  UPDATE users SET manager_id = NULL WHERE login LIKE 'bench.rep%';

  INSERT INTO accounts (created_at, updated_at, name, industry, owner_id)
    SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), CONCAT('Bench account ', seq),
           ELT(1 + seq MOD 4, 'banking', 'insurance', 'medical_devices', 'pharma'), first_rep + seq MOD 50
      FROM seq_0_to_999;
  SELECT MIN(id) INTO first_account FROM accounts WHERE name LIKE 'Bench account %';

  SET autocommit = 0;
  WHILE batch < n DO
    INSERT INTO opportunities (created_at, updated_at, name, account_id, owner_id, amount, currency, exchange_rate,
                               amount_base, expected_close, pipeline_id, stage_id, probability, status, closed_at,
                               stage_entered_at, last_activity_at)
      SELECT c, c, CONCAT('Bench deal ', i), first_account + i MOD 1000, first_rep + i MOD 50, a, 'CNY', NULL,
             a, DATE(c) + INTERVAL 60 DAY, pipeline,
             q + CASE WHEN i MOD 10 < 2 THEN 4 WHEN i MOD 10 < 6 THEN 5 ELSE (i DIV 10) MOD 4 END,
             CASE WHEN i MOD 10 < 2 THEN 100 WHEN i MOD 10 < 6 THEN 0 ELSE ELT(1 + (i DIV 10) MOD 4, 10, 20, 50, 75) END,
             CASE WHEN i MOD 10 < 2 THEN 'won' WHEN i MOD 10 < 6 THEN 'lost' ELSE 'open' END,
             IF(i MOD 10 < 6, c + INTERVAL 45 DAY, NULL),
             c + INTERVAL 10 * ((i DIV 10) MOD 4) DAY,
             IF(i MOD 3 = 0, NULL, c + INTERVAL (i MOD 40) DAY)
        FROM (SELECT seq AS i, TIMESTAMP('2024-01-01') + INTERVAL (seq MOD 1095) DAY AS c,
                     100 + (seq * 7919 MOD 1000000) / 100 AS a
                FROM seq_1_to_10000000 WHERE seq > batch AND seq <= LEAST(batch + 100000, n)) g;
    COMMIT;
    SET batch = batch + 100000;
  END WHILE;

  -- the stays: stage k (0–3) for every open stage passed, then Won or Lost
  SELECT MIN(id) - 1, MAX(id) INTO batch, last_id FROM opportunities WHERE name LIKE 'Bench deal %';
  WHILE batch < last_id DO
    INSERT INTO opportunity_stage_history (opportunity_id, stage_id, entered_at, left_at)
      SELECT o.id, q + k.seq, o.created_at + INTERVAL 10 * k.seq DAY,
             IF(o.status = 'open' AND k.seq = o.stage_id - q, NULL, o.created_at + INTERVAL 10 * (k.seq + 1) DAY)
        FROM opportunities o JOIN seq_0_to_3 k
          ON k.seq <= CASE WHEN o.status = 'open' THEN o.stage_id - q
                           WHEN o.status = 'won' THEN 3
                           ELSE (SUBSTRING_INDEX(o.name, ' ', -1) DIV 10) MOD 4 END
       WHERE o.id > batch AND o.id <= batch + 100000 AND o.name LIKE 'Bench deal %';
    INSERT INTO opportunity_stage_history (opportunity_id, stage_id, entered_at, left_at)
      SELECT o.id, o.stage_id, o.closed_at, NULL
        FROM opportunities o
       WHERE o.id > batch AND o.id <= batch + 100000 AND o.status <> 'open' AND o.name LIKE 'Bench deal %';
    COMMIT;
    SET batch = batch + 100000;
  END WHILE;
  SET autocommit = 1;
  SET @pipeline_summary_bulk = NULL;
END //
DELIMITER ;

-- The cost of one opportunity write, each its own transaction as rapportd's
-- are: @n creates and then @n updates of their amount, owner and stage,
-- with the funnel's sums kept by the triggers (bulk 0) or left alone (1).
-- Prints the seconds of each.
DELIMITER //
CREATE OR REPLACE PROCEDURE bench_pipeline_writes (IN n INT, IN bulk INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  DECLARE first_id BIGINT;
  DECLARE started DATETIME(6);
  DECLARE created DOUBLE;
  DECLARE pipeline BIGINT;
  DECLARE q BIGINT;
  DECLARE account BIGINT;
  DECLARE rep BIGINT;

  SET @pipeline_summary_bulk = IF(bulk = 1, 1, NULL);
  SELECT id INTO pipeline FROM pipelines WHERE is_default = 1;
  SELECT id INTO q FROM pipeline_stages WHERE pipeline_id = pipeline AND position = 0;
  SELECT MIN(id) INTO account FROM accounts WHERE name LIKE 'Bench account %';
  SELECT MIN(id) INTO rep FROM users WHERE login LIKE 'bench.rep%';
  SET started = UTC_TIMESTAMP(6);
  WHILE i < n DO
    INSERT INTO opportunities (created_at, updated_at, name, account_id, owner_id, amount, currency, amount_base,
                               expected_close, pipeline_id, stage_id, probability, status, stage_entered_at)
      VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Bench write', account, rep + i MOD 50, 1000 + i, 'CNY', 1000 + i,
              UTC_DATE() + INTERVAL i MOD 365 DAY, pipeline, q, 10, 'open', UTC_TIMESTAMP(6));
    IF i = 0 THEN SET first_id = LAST_INSERT_ID(); END IF;
    INSERT INTO opportunity_stage_history (opportunity_id, stage_id, entered_at) VALUES (LAST_INSERT_ID(), q, UTC_TIMESTAMP(6));
    COMMIT;
    SET i = i + 1;
  END WHILE;
  SET created = TIMESTAMPDIFF(MICROSECOND, started, UTC_TIMESTAMP(6)) / 1e6;
  SET i = 0;
  SET started = UTC_TIMESTAMP(6);
  WHILE i < n DO
    UPDATE opportunities SET amount = amount + 1, amount_base = amount_base + 1, owner_id = rep + (i + 1) MOD 50,
                             stage_id = q + 1, probability = 20
     WHERE id = first_id + i;
    UPDATE opportunity_stage_history SET left_at = UTC_TIMESTAMP(6) WHERE opportunity_id = first_id + i AND left_at IS NULL;
    INSERT INTO opportunity_stage_history (opportunity_id, stage_id, entered_at) VALUES (first_id + i, q + 1, UTC_TIMESTAMP(6));
    COMMIT;
    SET i = i + 1;
  END WHILE;
  SELECT created, TIMESTAMPDIFF(MICROSECOND, started, UTC_TIMESTAMP(6)) / 1e6;
  -- the writes go again, taken out of the sums as they were counted
  DELETE h FROM opportunity_stage_history h JOIN opportunities o ON o.id = h.opportunity_id WHERE o.name = 'Bench write';
  DELETE FROM opportunities WHERE name = 'Bench write';
  COMMIT;
  SET @pipeline_summary_bulk = NULL;
END //
DELIMITER ;
