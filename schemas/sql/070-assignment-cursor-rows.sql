-- 070-assignment-cursor-rows.sql: every assignment rule has its cursor row
-- from its creation. A round-robin rule without a cap keeps its turn in
-- rapportd's memory and writes it to the row only when no other
-- transaction holds it (FOR UPDATE SKIP LOCKED): making the row on a
-- rule's first turn instead would have the next turns wait for that first
-- transaction's commit on the row it inserted.

INSERT IGNORE INTO assignment_cursors (rule_id, last_user_id) SELECT id, 0 FROM `assignment-rules`;

CREATE TRIGGER assignment_rules_cursor AFTER INSERT ON `assignment-rules` FOR EACH ROW
  INSERT IGNORE INTO assignment_cursors (rule_id, last_user_id) VALUES (NEW.id, 0);
