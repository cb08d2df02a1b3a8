-- Pipeline analysis over a million leads in milliseconds (S4): the sums of
-- crm_lead per (team, salesperson, stage, type, status, month created, lost
-- reason), kept by triggers on every write whoever writes it. Owner:
-- crm/report.c (report_sum_rebuild recomputes it after bulk rescoring, whose
-- session sets @piste_report_sum_off so a million updates stay fast).
-- st: 0 open (active, probability < 100), 1 won (active, 100), 2 lost
-- (archived, 0), 3 archived with another probability. Merged records
-- (merged_into_id set) are not counted. Rows at n = 0 are harmless.
-- Written by: crm/report.c (and triggers on crm_lead)
CREATE TABLE report_sum (
  team_id BIGINT NOT NULL, user_id BIGINT NOT NULL, stage_id BIGINT NOT NULL,
  type ENUM('lead','opportunity') NOT NULL, st TINYINT NOT NULL, created_month INT NOT NULL,
  lost_reason_id BIGINT NOT NULL,
  n BIGINT NOT NULL DEFAULT 0, expected DECIMAL(20,2) NOT NULL DEFAULT 0, prorated DECIMAL(20,2) NOT NULL DEFAULT 0,
  prob DECIMAL(20,2) NOT NULL DEFAULT 0, n_open BIGINT NOT NULL DEFAULT 0, day_open BIGINT NOT NULL DEFAULT 0,
  n_closed BIGINT NOT NULL DEFAULT 0, day_close BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (team_id, user_id, stage_id, type, st, created_month, lost_reason_id),
  KEY ix_report_sum_user (user_id, st)
) ENGINE=InnoDB;

INSERT INTO report_sum
  SELECT COALESCE(l.team_id, 0), COALESCE(l.user_id, 0), COALESCE(l.stage_id, 0), l.type,
    IF(l.active = 1, IF(l.probability = 100, 1, 0), IF(l.probability = 0, 2, 3)), EXTRACT(YEAR_MONTH FROM l.create_date),
    COALESCE(l.lost_reason_id, 0), COUNT(*), SUM(l.expected_revenue), SUM(ROUND(l.expected_revenue * l.probability / 100, 2)),
    SUM(l.probability), SUM(l.date_open IS NOT NULL), COALESCE(SUM(ABS(TIMESTAMPDIFF(DAY, l.create_date, l.date_open))), 0),
    SUM(l.date_closed IS NOT NULL), COALESCE(SUM(ABS(TIMESTAMPDIFF(DAY, l.create_date, l.date_closed))), 0)
  FROM crm_lead l WHERE l.merged_into_id IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE TRIGGER tr_report_sum_ins AFTER INSERT ON crm_lead FOR EACH ROW
BEGIN
  IF @piste_report_sum_off IS NULL AND NEW.merged_into_id IS NULL THEN
    INSERT INTO report_sum VALUES (COALESCE(NEW.team_id, 0), COALESCE(NEW.user_id, 0), COALESCE(NEW.stage_id, 0), NEW.type, IF(NEW.active = 1, IF(NEW.probability = 100, 1, 0), IF(NEW.probability = 0, 2, 3)), EXTRACT(YEAR_MONTH FROM NEW.create_date), COALESCE(NEW.lost_reason_id, 0), 1, NEW.expected_revenue, ROUND(NEW.expected_revenue * NEW.probability / 100, 2), NEW.probability, NEW.date_open IS NOT NULL, COALESCE(ABS(TIMESTAMPDIFF(DAY, NEW.create_date, NEW.date_open)), 0), NEW.date_closed IS NOT NULL, COALESCE(ABS(TIMESTAMPDIFF(DAY, NEW.create_date, NEW.date_closed)), 0))
    ON DUPLICATE KEY UPDATE n = n + 1, expected = expected + VALUES(expected), prorated = prorated + VALUES(prorated),
      prob = prob + VALUES(prob), n_open = n_open + VALUES(n_open), day_open = day_open + VALUES(day_open),
      n_closed = n_closed + VALUES(n_closed), day_close = day_close + VALUES(day_close);
  END IF;
END;

CREATE TRIGGER tr_report_sum_del AFTER DELETE ON crm_lead FOR EACH ROW
BEGIN
  IF @piste_report_sum_off IS NULL AND OLD.merged_into_id IS NULL THEN
    UPDATE report_sum SET n = n - 1, expected = expected - OLD.expected_revenue,
      prorated = prorated - ROUND(OLD.expected_revenue * OLD.probability / 100, 2), prob = prob - OLD.probability,
      n_open = n_open - (OLD.date_open IS NOT NULL), day_open = day_open - COALESCE(ABS(TIMESTAMPDIFF(DAY, OLD.create_date, OLD.date_open)), 0),
      n_closed = n_closed - (OLD.date_closed IS NOT NULL), day_close = day_close - COALESCE(ABS(TIMESTAMPDIFF(DAY, OLD.create_date, OLD.date_closed)), 0)
    WHERE team_id = COALESCE(OLD.team_id, 0) AND user_id = COALESCE(OLD.user_id, 0) AND stage_id = COALESCE(OLD.stage_id, 0)
      AND type = OLD.type AND st = IF(OLD.active = 1, IF(OLD.probability = 100, 1, 0), IF(OLD.probability = 0, 2, 3))
      AND created_month = EXTRACT(YEAR_MONTH FROM OLD.create_date) AND lost_reason_id = COALESCE(OLD.lost_reason_id, 0);
  END IF;
END;

CREATE TRIGGER tr_report_sum_upd AFTER UPDATE ON crm_lead FOR EACH ROW
BEGIN
  IF @piste_report_sum_off IS NULL AND NOT (OLD.team_id <=> NEW.team_id AND OLD.user_id <=> NEW.user_id AND OLD.stage_id <=> NEW.stage_id AND OLD.type <=> NEW.type AND OLD.active <=> NEW.active AND OLD.probability <=> NEW.probability AND OLD.create_date <=> NEW.create_date AND OLD.lost_reason_id <=> NEW.lost_reason_id AND OLD.expected_revenue <=> NEW.expected_revenue AND OLD.date_open <=> NEW.date_open AND OLD.date_closed <=> NEW.date_closed AND OLD.merged_into_id <=> NEW.merged_into_id) THEN
    IF OLD.merged_into_id IS NULL THEN
    UPDATE report_sum SET n = n - 1, expected = expected - OLD.expected_revenue,
      prorated = prorated - ROUND(OLD.expected_revenue * OLD.probability / 100, 2), prob = prob - OLD.probability,
      n_open = n_open - (OLD.date_open IS NOT NULL), day_open = day_open - COALESCE(ABS(TIMESTAMPDIFF(DAY, OLD.create_date, OLD.date_open)), 0),
      n_closed = n_closed - (OLD.date_closed IS NOT NULL), day_close = day_close - COALESCE(ABS(TIMESTAMPDIFF(DAY, OLD.create_date, OLD.date_closed)), 0)
    WHERE team_id = COALESCE(OLD.team_id, 0) AND user_id = COALESCE(OLD.user_id, 0) AND stage_id = COALESCE(OLD.stage_id, 0)
      AND type = OLD.type AND st = IF(OLD.active = 1, IF(OLD.probability = 100, 1, 0), IF(OLD.probability = 0, 2, 3))
      AND created_month = EXTRACT(YEAR_MONTH FROM OLD.create_date) AND lost_reason_id = COALESCE(OLD.lost_reason_id, 0);
    END IF;
    IF NEW.merged_into_id IS NULL THEN
    INSERT INTO report_sum VALUES (COALESCE(NEW.team_id, 0), COALESCE(NEW.user_id, 0), COALESCE(NEW.stage_id, 0), NEW.type, IF(NEW.active = 1, IF(NEW.probability = 100, 1, 0), IF(NEW.probability = 0, 2, 3)), EXTRACT(YEAR_MONTH FROM NEW.create_date), COALESCE(NEW.lost_reason_id, 0), 1, NEW.expected_revenue, ROUND(NEW.expected_revenue * NEW.probability / 100, 2), NEW.probability, NEW.date_open IS NOT NULL, COALESCE(ABS(TIMESTAMPDIFF(DAY, NEW.create_date, NEW.date_open)), 0), NEW.date_closed IS NOT NULL, COALESCE(ABS(TIMESTAMPDIFF(DAY, NEW.create_date, NEW.date_closed)), 0))
    ON DUPLICATE KEY UPDATE n = n + 1, expected = expected + VALUES(expected), prorated = prorated + VALUES(prorated),
      prob = prob + VALUES(prob), n_open = n_open + VALUES(n_open), day_open = day_open + VALUES(day_open),
      n_closed = n_closed + VALUES(n_closed), day_close = day_close + VALUES(day_close);
    END IF;
  END IF;
END;
