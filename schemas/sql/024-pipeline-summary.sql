-- 024-pipeline-summary.sql: the funnel and the forecast read sums kept by
-- the opportunities' own writes (server/db/rapportd-pipeline-summary.c reads
-- them) instead of every opportunity on each request.  Triggers keep them in
-- the statement that changes a record, inside its transaction, whatever
-- makes the change (the API, rapport-admin, a merge, SQL by hand).  Both tables hold sums per
-- owner (0: no owner), so that a user's visibility by owner reads just the
-- rows of the owners they see, and concurrent writes contend per owner.
-- Months are YYYYMM numbers (EXTRACT(YEAR_MONTH …)), 0 for none.

-- What is in each stage now: per pipeline, owner, stage, status, month of
-- creation (the funnel's period) and month the forecast counts it in (its
-- expected close while open, the day it closed once won, 0 otherwise): the
-- opportunities, Σ amount_base and Σ round(amount_base × probability / 100).
CREATE TABLE pipeline_summary (
  pipeline_id   BIGINT UNSIGNED NOT NULL,
  owner_id      BIGINT UNSIGNED NOT NULL,
  stage_id      BIGINT UNSIGNED NOT NULL,
  status        VARCHAR(8) NOT NULL,
  created_month INT NOT NULL,
  due_month     INT NOT NULL,
  opportunities BIGINT NOT NULL DEFAULT 0,
  amount        DECIMAL(30,2) NOT NULL DEFAULT 0,
  weighted      DECIMAL(30,2) NOT NULL DEFAULT 0,
  PRIMARY KEY (pipeline_id, owner_id, stage_id, status, created_month, due_month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The stays: per pipeline, owner, stage and month of the opportunity's
-- creation: how many opportunities ever entered the stage, how many stays
-- in it are finished and their length in seconds.
CREATE TABLE pipeline_stage_summary (
  pipeline_id   BIGINT UNSIGNED NOT NULL,
  owner_id      BIGINT UNSIGNED NOT NULL,
  stage_id      BIGINT UNSIGNED NOT NULL,
  created_month INT NOT NULL,
  reached       BIGINT NOT NULL DEFAULT 0,
  stays         BIGINT NOT NULL DEFAULT 0,
  seconds       BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (pipeline_id, owner_id, stage_id, created_month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The stays of one opportunity, read without the table's rows (records
-- seen through shares, and the upkeep of the sums above).
ALTER TABLE opportunity_stage_history
  ADD KEY opportunity_stage_history_stays (opportunity_id, stage_id, left_at, entered_at);

-- A bulk load may SET @pipeline_summary_bulk = 1 in its session, which
-- the triggers then leave alone, and CALL pipeline_summary_rebuild() once
-- it is done (tests/bench/bench-pipeline-data.sql).

-- An opportunity counts in its stage unless archived.
CREATE TRIGGER opportunities_summary_insert AFTER INSERT ON opportunities FOR EACH ROW
BEGIN
  IF @pipeline_summary_bulk IS NULL AND NEW.archived = 0 THEN
    INSERT INTO pipeline_summary (pipeline_id, owner_id, stage_id, status, created_month, due_month,
                                  opportunities, amount, weighted)
      VALUES (NEW.pipeline_id, COALESCE(NEW.owner_id, 0), NEW.stage_id, NEW.status, EXTRACT(YEAR_MONTH FROM NEW.created_at),
              CASE NEW.status WHEN 'open' THEN COALESCE(EXTRACT(YEAR_MONTH FROM NEW.expected_close), 0) WHEN 'won' THEN COALESCE(EXTRACT(YEAR_MONTH FROM NEW.closed_at), 0) ELSE 0 END,
              1, 1 * COALESCE(NEW.amount_base, 0), 1 * COALESCE(ROUND(NEW.amount_base * NEW.probability / 100, 2), 0))
      ON DUPLICATE KEY UPDATE opportunities = opportunities + VALUES(opportunities),
                              amount = amount + VALUES(amount), weighted = weighted + VALUES(weighted);
  END IF;
END;

-- A change of what it counts moves it; a change of its owner, pipeline or
-- archived flag moves its stays too.  Its stays themselves are counted by
-- the triggers on opportunity_stage_history.
CREATE TRIGGER opportunities_summary_update AFTER UPDATE ON opportunities FOR EACH ROW
BEGIN
  IF @pipeline_summary_bulk IS NULL AND NOT (OLD.archived <=> NEW.archived AND OLD.pipeline_id <=> NEW.pipeline_id
      AND OLD.owner_id <=> NEW.owner_id AND OLD.stage_id <=> NEW.stage_id AND OLD.status <=> NEW.status
      AND OLD.created_at <=> NEW.created_at AND OLD.expected_close <=> NEW.expected_close
      AND OLD.closed_at <=> NEW.closed_at AND OLD.amount_base <=> NEW.amount_base
      AND OLD.probability <=> NEW.probability) THEN
    IF OLD.archived = 0 THEN
    INSERT INTO pipeline_summary (pipeline_id, owner_id, stage_id, status, created_month, due_month,
                                  opportunities, amount, weighted)
      VALUES (OLD.pipeline_id, COALESCE(OLD.owner_id, 0), OLD.stage_id, OLD.status, EXTRACT(YEAR_MONTH FROM OLD.created_at),
              CASE OLD.status WHEN 'open' THEN COALESCE(EXTRACT(YEAR_MONTH FROM OLD.expected_close), 0) WHEN 'won' THEN COALESCE(EXTRACT(YEAR_MONTH FROM OLD.closed_at), 0) ELSE 0 END,
              -1, -1 * COALESCE(OLD.amount_base, 0), -1 * COALESCE(ROUND(OLD.amount_base * OLD.probability / 100, 2), 0))
      ON DUPLICATE KEY UPDATE opportunities = opportunities + VALUES(opportunities),
                              amount = amount + VALUES(amount), weighted = weighted + VALUES(weighted);
    END IF;
    IF NEW.archived = 0 THEN
    INSERT INTO pipeline_summary (pipeline_id, owner_id, stage_id, status, created_month, due_month,
                                  opportunities, amount, weighted)
      VALUES (NEW.pipeline_id, COALESCE(NEW.owner_id, 0), NEW.stage_id, NEW.status, EXTRACT(YEAR_MONTH FROM NEW.created_at),
              CASE NEW.status WHEN 'open' THEN COALESCE(EXTRACT(YEAR_MONTH FROM NEW.expected_close), 0) WHEN 'won' THEN COALESCE(EXTRACT(YEAR_MONTH FROM NEW.closed_at), 0) ELSE 0 END,
              1, 1 * COALESCE(NEW.amount_base, 0), 1 * COALESCE(ROUND(NEW.amount_base * NEW.probability / 100, 2), 0))
      ON DUPLICATE KEY UPDATE opportunities = opportunities + VALUES(opportunities),
                              amount = amount + VALUES(amount), weighted = weighted + VALUES(weighted);
    END IF;
    IF NOT (OLD.archived <=> NEW.archived AND OLD.pipeline_id <=> NEW.pipeline_id AND OLD.owner_id <=> NEW.owner_id
        AND OLD.created_at <=> NEW.created_at) THEN
      IF OLD.archived = 0 THEN
    INSERT INTO pipeline_stage_summary (pipeline_id, owner_id, stage_id, created_month, reached, stays, seconds)
      SELECT OLD.pipeline_id, COALESCE(OLD.owner_id, 0), h.stage_id, EXTRACT(YEAR_MONTH FROM OLD.created_at),
             -1, -1 * COUNT(h.left_at), -1 * COALESCE(SUM(TIMESTAMPDIFF(SECOND, h.entered_at, h.left_at)), 0)
        FROM opportunity_stage_history h WHERE h.opportunity_id = OLD.id GROUP BY h.stage_id
      ON DUPLICATE KEY UPDATE reached = reached + VALUES(reached), stays = stays + VALUES(stays),
                              seconds = seconds + VALUES(seconds);
      END IF;
      IF NEW.archived = 0 THEN
    INSERT INTO pipeline_stage_summary (pipeline_id, owner_id, stage_id, created_month, reached, stays, seconds)
      SELECT NEW.pipeline_id, COALESCE(NEW.owner_id, 0), h.stage_id, EXTRACT(YEAR_MONTH FROM NEW.created_at),
             1, 1 * COUNT(h.left_at), 1 * COALESCE(SUM(TIMESTAMPDIFF(SECOND, h.entered_at, h.left_at)), 0)
        FROM opportunity_stage_history h WHERE h.opportunity_id = NEW.id GROUP BY h.stage_id
      ON DUPLICATE KEY UPDATE reached = reached + VALUES(reached), stays = stays + VALUES(stays),
                              seconds = seconds + VALUES(seconds);
      END IF;
    END IF;
  END IF;
END;

CREATE TRIGGER opportunities_summary_delete AFTER DELETE ON opportunities FOR EACH ROW
BEGIN
  IF @pipeline_summary_bulk IS NULL AND OLD.archived = 0 THEN
    INSERT INTO pipeline_summary (pipeline_id, owner_id, stage_id, status, created_month, due_month,
                                  opportunities, amount, weighted)
      VALUES (OLD.pipeline_id, COALESCE(OLD.owner_id, 0), OLD.stage_id, OLD.status, EXTRACT(YEAR_MONTH FROM OLD.created_at),
              CASE OLD.status WHEN 'open' THEN COALESCE(EXTRACT(YEAR_MONTH FROM OLD.expected_close), 0) WHEN 'won' THEN COALESCE(EXTRACT(YEAR_MONTH FROM OLD.closed_at), 0) ELSE 0 END,
              -1, -1 * COALESCE(OLD.amount_base, 0), -1 * COALESCE(ROUND(OLD.amount_base * OLD.probability / 100, 2), 0))
      ON DUPLICATE KEY UPDATE opportunities = opportunities + VALUES(opportunities),
                              amount = amount + VALUES(amount), weighted = weighted + VALUES(weighted);
  END IF;
END;

-- A stay: the stage is reached by its first stay there, and a finished
-- stay counts with its length.
CREATE TRIGGER opportunity_stays_summary_insert AFTER INSERT ON opportunity_stage_history FOR EACH ROW
BEGIN
  IF @pipeline_summary_bulk IS NULL THEN
    INSERT INTO pipeline_stage_summary (pipeline_id, owner_id, stage_id, created_month, reached, stays, seconds)
      SELECT o.pipeline_id, COALESCE(o.owner_id, 0), NEW.stage_id, EXTRACT(YEAR_MONTH FROM o.created_at),
             1 * (NOT EXISTS (SELECT 1 FROM opportunity_stage_history h WHERE h.opportunity_id = NEW.opportunity_id
                                   AND h.stage_id = NEW.stage_id AND h.id <> NEW.id)),
             1 * (NEW.left_at IS NOT NULL), 1 * COALESCE(TIMESTAMPDIFF(SECOND, NEW.entered_at, NEW.left_at), 0)
        FROM opportunities o WHERE o.id = NEW.opportunity_id AND o.archived = 0
      ON DUPLICATE KEY UPDATE reached = reached + VALUES(reached), stays = stays + VALUES(stays),
                              seconds = seconds + VALUES(seconds);
  END IF;
END;

CREATE TRIGGER opportunity_stays_summary_update AFTER UPDATE ON opportunity_stage_history FOR EACH ROW
BEGIN
  IF @pipeline_summary_bulk IS NULL AND NOT (OLD.opportunity_id <=> NEW.opportunity_id AND OLD.stage_id <=> NEW.stage_id
      AND OLD.entered_at <=> NEW.entered_at AND OLD.left_at <=> NEW.left_at) THEN
    INSERT INTO pipeline_stage_summary (pipeline_id, owner_id, stage_id, created_month, reached, stays, seconds)
      SELECT o.pipeline_id, COALESCE(o.owner_id, 0), OLD.stage_id, EXTRACT(YEAR_MONTH FROM o.created_at),
             -1 * (NOT EXISTS (SELECT 1 FROM opportunity_stage_history h WHERE h.opportunity_id = OLD.opportunity_id
                                   AND h.stage_id = OLD.stage_id AND h.id <> OLD.id)),
             -1 * (OLD.left_at IS NOT NULL), -1 * COALESCE(TIMESTAMPDIFF(SECOND, OLD.entered_at, OLD.left_at), 0)
        FROM opportunities o WHERE o.id = OLD.opportunity_id AND o.archived = 0
      ON DUPLICATE KEY UPDATE reached = reached + VALUES(reached), stays = stays + VALUES(stays),
                              seconds = seconds + VALUES(seconds);
    INSERT INTO pipeline_stage_summary (pipeline_id, owner_id, stage_id, created_month, reached, stays, seconds)
      SELECT o.pipeline_id, COALESCE(o.owner_id, 0), NEW.stage_id, EXTRACT(YEAR_MONTH FROM o.created_at),
             1 * (NOT EXISTS (SELECT 1 FROM opportunity_stage_history h WHERE h.opportunity_id = NEW.opportunity_id
                                   AND h.stage_id = NEW.stage_id AND h.id <> NEW.id)),
             1 * (NEW.left_at IS NOT NULL), 1 * COALESCE(TIMESTAMPDIFF(SECOND, NEW.entered_at, NEW.left_at), 0)
        FROM opportunities o WHERE o.id = NEW.opportunity_id AND o.archived = 0
      ON DUPLICATE KEY UPDATE reached = reached + VALUES(reached), stays = stays + VALUES(stays),
                              seconds = seconds + VALUES(seconds);
  END IF;
END;

CREATE TRIGGER opportunity_stays_summary_delete AFTER DELETE ON opportunity_stage_history FOR EACH ROW
BEGIN
  IF @pipeline_summary_bulk IS NULL THEN
    INSERT INTO pipeline_stage_summary (pipeline_id, owner_id, stage_id, created_month, reached, stays, seconds)
      SELECT o.pipeline_id, COALESCE(o.owner_id, 0), OLD.stage_id, EXTRACT(YEAR_MONTH FROM o.created_at),
             -1 * (NOT EXISTS (SELECT 1 FROM opportunity_stage_history h WHERE h.opportunity_id = OLD.opportunity_id
                                   AND h.stage_id = OLD.stage_id AND h.id <> OLD.id)),
             -1 * (OLD.left_at IS NOT NULL), -1 * COALESCE(TIMESTAMPDIFF(SECOND, OLD.entered_at, OLD.left_at), 0)
        FROM opportunities o WHERE o.id = OLD.opportunity_id AND o.archived = 0
      ON DUPLICATE KEY UPDATE reached = reached + VALUES(reached), stays = stays + VALUES(stays),
                              seconds = seconds + VALUES(seconds);
  END IF;
END;

-- The sums counted again from every record, in one transaction: after a
-- bulk load, and here for the opportunities already there (migrations run
-- before rapportd serves any request).
CREATE PROCEDURE pipeline_summary_rebuild ()
MODIFIES SQL DATA
SQL SECURITY INVOKER
BEGIN
  START TRANSACTION;
  DELETE FROM pipeline_summary;
  DELETE FROM pipeline_stage_summary;
  INSERT INTO pipeline_summary (pipeline_id, owner_id, stage_id, status, created_month, due_month,
                                opportunities, amount, weighted)
    SELECT o.pipeline_id, COALESCE(o.owner_id, 0), o.stage_id, o.status, EXTRACT(YEAR_MONTH FROM o.created_at),
           CASE o.status WHEN 'open' THEN COALESCE(EXTRACT(YEAR_MONTH FROM o.expected_close), 0) WHEN 'won' THEN COALESCE(EXTRACT(YEAR_MONTH FROM o.closed_at), 0) ELSE 0 END,
           COUNT(*), COALESCE(SUM(o.amount_base), 0), COALESCE(SUM(ROUND(o.amount_base * o.probability / 100, 2)), 0)
      FROM opportunities o WHERE o.archived = 0
     GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO pipeline_stage_summary (pipeline_id, owner_id, stage_id, created_month, reached, stays, seconds)
    SELECT o.pipeline_id, COALESCE(o.owner_id, 0), h.stage_id, EXTRACT(YEAR_MONTH FROM o.created_at),
           COUNT(DISTINCT h.opportunity_id), COUNT(h.left_at),
           COALESCE(SUM(TIMESTAMPDIFF(SECOND, h.entered_at, h.left_at)), 0)
      FROM opportunities o JOIN opportunity_stage_history h ON h.opportunity_id = o.id
     WHERE o.archived = 0
     GROUP BY 1, 2, 3, 4;
  COMMIT;
END;

CALL pipeline_summary_rebuild ();
