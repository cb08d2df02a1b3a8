-- Intelligence (issue 8): predictive lead scoring (S1/S2), rule-based
-- assignment (S3) and reports (S4). Owners: crm/scoring.c (scoring_frequency,
-- scoring_lock), crm/assign.c (the assignment columns it reads are written by
-- crm/team.c; leads it assigns through its conditional UPDATEs).

-- Naive Bayes frequency table (Odoo crm.lead.scoring.frequency): one row per
-- (team, variable, value). team_id 0 = leads without a team. Counts start at
-- 0.1 (so no factor is ever zero) and move by whole units: DECIMAL keeps them
-- exact, so live increments and a full rebuild give the same table.
-- Written by: crm/scoring.c
CREATE TABLE scoring_frequency (
  team_id BIGINT NOT NULL,
  variable VARCHAR(16) CHARACTER SET ascii NOT NULL,   -- stage_id, country, state, email_state, phone_state, source, lang, tag_id
  value VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  won_count DECIMAL(14,1) NOT NULL,
  lost_count DECIMAL(14,1) NOT NULL,
  PRIMARY KEY (team_id, variable, value)
) ENGINE=InnoDB;

-- One row that orders frequency-table writers: live increments take it in
-- share mode (they run side by side), a rebuild takes it exclusively while it
-- learns, so no increment is lost between learning and the table swap.
-- Written by: crm/scoring.c
CREATE TABLE scoring_lock (
  id TINYINT NOT NULL PRIMARY KEY
) ENGINE=InnoDB;
INSERT INTO scoring_lock (id) VALUES (1);

-- Assignment: members' 30-day / 24-hour counts and each team's unassigned
-- leads (user_id NULL, team_id = ?, date_open NULL) come from one index.
ALTER TABLE crm_lead
  ADD KEY ix_lead_assign (user_id, team_id, date_open);

-- Defaults (Odoo: phone and e-mail quality; no start date = every lead).
INSERT IGNORE INTO setting (k, v) VALUES
  ('scoring_fields', 'phone_state,email_state'),
  ('scoring_start_date', ''),
  ('assignment_interval', '1'),
  ('assignment_interval_unit', 'days');
