-- No row that every writer of a team updates (issue: the data path). The
-- per-team lead revision and the report sums were one row per key, bumped by
-- triggers inside every writer's transaction: concurrent writers of a team
-- queued on those row locks through their durable commit (and would be
-- certification conflicts on a multi-primary cluster). Both now carry a shard
-- chosen by the writer's connection, so concurrent writers touch different
-- rows; readers sum the shards. Changes are always applied as deltas to the
-- writer's own shard (an UPDATE of another connection's row could find none),
-- so a shard's row may go negative: only the sum is meaningful.
-- Owners unchanged: lead_rev is written by these triggers only, report_sum by
-- these triggers and crm/report.c (report_sum_rebuild folds the shards back
-- into shard 0).

ALTER TABLE lead_rev ADD COLUMN shard TINYINT UNSIGNED NOT NULL DEFAULT 0 AFTER team_id,
  DROP PRIMARY KEY, ADD PRIMARY KEY (team_id, shard);

DROP TRIGGER IF EXISTS tr_lead_rev_ins;
DROP TRIGGER IF EXISTS tr_lead_rev_upd;
DROP TRIGGER IF EXISTS tr_lead_rev_del;

CREATE TRIGGER tr_lead_rev_ins AFTER INSERT ON crm_lead FOR EACH ROW
  INSERT INTO lead_rev (team_id, shard, rev) VALUES (COALESCE(NEW.team_id, 0), CONNECTION_ID() % 32, 1)
  ON DUPLICATE KEY UPDATE rev = rev + 1;
-- A bulk writer (the scoring rebuild) sets @piste_lead_rev_off and bumps every
-- team once at the end (lead_rev_bump_all) instead of once per row.
CREATE TRIGGER tr_lead_rev_upd AFTER UPDATE ON crm_lead FOR EACH ROW
BEGIN
  IF @piste_lead_rev_off IS NULL THEN
    INSERT INTO lead_rev (team_id, shard, rev) VALUES (COALESCE(NEW.team_id, 0), CONNECTION_ID() % 32, 1),
      (COALESCE(OLD.team_id, 0), CONNECTION_ID() % 32, 1)
    ON DUPLICATE KEY UPDATE rev = rev + 1;
  END IF;
END;
CREATE TRIGGER tr_lead_rev_del AFTER DELETE ON crm_lead FOR EACH ROW
  INSERT INTO lead_rev (team_id, shard, rev) VALUES (COALESCE(OLD.team_id, 0), CONNECTION_ID() % 32, 1)
  ON DUPLICATE KEY UPDATE rev = rev + 1;

ALTER TABLE report_sum ADD COLUMN shard TINYINT UNSIGNED NOT NULL DEFAULT 0,
  DROP PRIMARY KEY, ADD PRIMARY KEY (team_id, user_id, stage_id, type, st, created_month, lost_reason_id, shard);

DROP TRIGGER IF EXISTS tr_report_sum_ins;
DROP TRIGGER IF EXISTS tr_report_sum_del;
DROP TRIGGER IF EXISTS tr_report_sum_upd;

CREATE TRIGGER tr_report_sum_ins AFTER INSERT ON crm_lead FOR EACH ROW
BEGIN
  IF @piste_report_sum_off IS NULL AND NEW.merged_into_id IS NULL THEN
    INSERT INTO report_sum VALUES (COALESCE(NEW.team_id, 0), COALESCE(NEW.user_id, 0), COALESCE(NEW.stage_id, 0), NEW.type, IF(NEW.active = 1, IF(NEW.probability = 100, 1, 0), IF(NEW.probability = 0, 2, 3)), EXTRACT(YEAR_MONTH FROM NEW.create_date), COALESCE(NEW.lost_reason_id, 0), 1, NEW.expected_revenue, ROUND(NEW.expected_revenue * NEW.probability / 100, 2), NEW.probability, NEW.date_open IS NOT NULL, COALESCE(ABS(TIMESTAMPDIFF(DAY, NEW.create_date, NEW.date_open)), 0), NEW.date_closed IS NOT NULL, COALESCE(ABS(TIMESTAMPDIFF(DAY, NEW.create_date, NEW.date_closed)), 0), CONNECTION_ID() % 32)
    ON DUPLICATE KEY UPDATE n = n + 1, expected = expected + VALUES(expected), prorated = prorated + VALUES(prorated),
      prob = prob + VALUES(prob), n_open = n_open + VALUES(n_open), day_open = day_open + VALUES(day_open),
      n_closed = n_closed + VALUES(n_closed), day_close = day_close + VALUES(day_close);
  END IF;
END;

CREATE TRIGGER tr_report_sum_del AFTER DELETE ON crm_lead FOR EACH ROW
BEGIN
  IF @piste_report_sum_off IS NULL AND OLD.merged_into_id IS NULL THEN
    INSERT INTO report_sum VALUES (COALESCE(OLD.team_id, 0), COALESCE(OLD.user_id, 0), COALESCE(OLD.stage_id, 0), OLD.type, IF(OLD.active = 1, IF(OLD.probability = 100, 1, 0), IF(OLD.probability = 0, 2, 3)), EXTRACT(YEAR_MONTH FROM OLD.create_date), COALESCE(OLD.lost_reason_id, 0), -1, -OLD.expected_revenue, -ROUND(OLD.expected_revenue * OLD.probability / 100, 2), -OLD.probability, -(OLD.date_open IS NOT NULL), -COALESCE(ABS(TIMESTAMPDIFF(DAY, OLD.create_date, OLD.date_open)), 0), -(OLD.date_closed IS NOT NULL), -COALESCE(ABS(TIMESTAMPDIFF(DAY, OLD.create_date, OLD.date_closed)), 0), CONNECTION_ID() % 32)
    ON DUPLICATE KEY UPDATE n = n + VALUES(n), expected = expected + VALUES(expected), prorated = prorated + VALUES(prorated),
      prob = prob + VALUES(prob), n_open = n_open + VALUES(n_open), day_open = day_open + VALUES(day_open),
      n_closed = n_closed + VALUES(n_closed), day_close = day_close + VALUES(day_close);
  END IF;
END;

CREATE TRIGGER tr_report_sum_upd AFTER UPDATE ON crm_lead FOR EACH ROW
BEGIN
  IF @piste_report_sum_off IS NULL AND NOT (OLD.team_id <=> NEW.team_id AND OLD.user_id <=> NEW.user_id AND OLD.stage_id <=> NEW.stage_id AND OLD.type <=> NEW.type AND OLD.active <=> NEW.active AND OLD.probability <=> NEW.probability AND OLD.create_date <=> NEW.create_date AND OLD.lost_reason_id <=> NEW.lost_reason_id AND OLD.expected_revenue <=> NEW.expected_revenue AND OLD.date_open <=> NEW.date_open AND OLD.date_closed <=> NEW.date_closed AND OLD.merged_into_id <=> NEW.merged_into_id) THEN
    IF OLD.merged_into_id IS NULL THEN
    INSERT INTO report_sum VALUES (COALESCE(OLD.team_id, 0), COALESCE(OLD.user_id, 0), COALESCE(OLD.stage_id, 0), OLD.type, IF(OLD.active = 1, IF(OLD.probability = 100, 1, 0), IF(OLD.probability = 0, 2, 3)), EXTRACT(YEAR_MONTH FROM OLD.create_date), COALESCE(OLD.lost_reason_id, 0), -1, -OLD.expected_revenue, -ROUND(OLD.expected_revenue * OLD.probability / 100, 2), -OLD.probability, -(OLD.date_open IS NOT NULL), -COALESCE(ABS(TIMESTAMPDIFF(DAY, OLD.create_date, OLD.date_open)), 0), -(OLD.date_closed IS NOT NULL), -COALESCE(ABS(TIMESTAMPDIFF(DAY, OLD.create_date, OLD.date_closed)), 0), CONNECTION_ID() % 32)
    ON DUPLICATE KEY UPDATE n = n + VALUES(n), expected = expected + VALUES(expected), prorated = prorated + VALUES(prorated),
      prob = prob + VALUES(prob), n_open = n_open + VALUES(n_open), day_open = day_open + VALUES(day_open),
      n_closed = n_closed + VALUES(n_closed), day_close = day_close + VALUES(day_close);
    END IF;
    IF NEW.merged_into_id IS NULL THEN
    INSERT INTO report_sum VALUES (COALESCE(NEW.team_id, 0), COALESCE(NEW.user_id, 0), COALESCE(NEW.stage_id, 0), NEW.type, IF(NEW.active = 1, IF(NEW.probability = 100, 1, 0), IF(NEW.probability = 0, 2, 3)), EXTRACT(YEAR_MONTH FROM NEW.create_date), COALESCE(NEW.lost_reason_id, 0), 1, NEW.expected_revenue, ROUND(NEW.expected_revenue * NEW.probability / 100, 2), NEW.probability, NEW.date_open IS NOT NULL, COALESCE(ABS(TIMESTAMPDIFF(DAY, NEW.create_date, NEW.date_open)), 0), NEW.date_closed IS NOT NULL, COALESCE(ABS(TIMESTAMPDIFF(DAY, NEW.create_date, NEW.date_closed)), 0), CONNECTION_ID() % 32)
    ON DUPLICATE KEY UPDATE n = n + VALUES(n), expected = expected + VALUES(expected), prorated = prorated + VALUES(prorated),
      prob = prob + VALUES(prob), n_open = n_open + VALUES(n_open), day_open = day_open + VALUES(day_open),
      n_closed = n_closed + VALUES(n_closed), day_close = day_close + VALUES(day_close);
    END IF;
  END IF;
END;
