-- Pipeline (issue 4): what the kanban, lists and activities need on top of
-- 0002_crm.sql. Owners: crm/lead.c (crm_lead columns, lead_rev),
-- crm/activity.c (activity_type columns).

-- The lead's next activity (earliest deadline and its assignee), kept by
-- lead_refresh_activity() whenever an activity of the lead changes, so the
-- kanban header can count cards per activity state in one grouped query.
ALTER TABLE crm_lead
  ADD COLUMN activity_deadline DATE NULL,
  ADD COLUMN activity_user_id BIGINT NULL,
  ADD KEY ix_lead_kanban_agg (team_id, active, type, stage_id, user_id, expected_revenue,
                              activity_deadline, activity_user_id),
  ADD KEY ix_lead_activity (activity_user_id, activity_deadline),
  ADD KEY ix_lead_name (name(64)),
  ADD KEY ix_lead_company (partner_name(64)),
  ADD KEY ix_lead_list_stage (active, type, stage_id, id),
  ADD KEY ix_lead_list_team (active, type, team_id, id),
  ADD KEY ix_lead_team_id (team_id, active, id),      -- lists of both types (API)
  ADD KEY ix_lead_user_id (user_id, active, id),
  ADD FULLTEXT KEY ft_lead_search (name, contact_name, partner_name, email_from);

-- A revision number per team, bumped by triggers on every change of a lead,
-- whoever writes it: per-thread caches of kanban aggregates compare it.
-- Written by: crm/lead_list.c (lead_rev_bump_all) and the triggers on crm_lead
CREATE TABLE lead_rev (
  team_id BIGINT NOT NULL PRIMARY KEY,       -- 0: leads without a team
  rev BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB;

CREATE TRIGGER tr_lead_rev_ins AFTER INSERT ON crm_lead FOR EACH ROW
  INSERT INTO lead_rev (team_id, rev) VALUES (COALESCE(NEW.team_id, 0), 1)
  ON DUPLICATE KEY UPDATE rev = rev + 1;
CREATE TRIGGER tr_lead_rev_upd AFTER UPDATE ON crm_lead FOR EACH ROW
  INSERT INTO lead_rev (team_id, rev) VALUES (COALESCE(NEW.team_id, 0), 1), (COALESCE(OLD.team_id, 0), 1)
  ON DUPLICATE KEY UPDATE rev = rev + 1;
CREATE TRIGGER tr_lead_rev_del AFTER DELETE ON crm_lead FOR EACH ROW
  INSERT INTO lead_rev (team_id, rev) VALUES (COALESCE(OLD.team_id, 0), 1)
  ON DUPLICATE KEY UPDATE rev = rev + 1;

-- Activity types (P10): default note; suggest/trigger chaining uses the
-- existing next_type_id + chaining_type.
ALTER TABLE activity_type
  ADD COLUMN default_note VARCHAR(1000) NOT NULL DEFAULT '';

-- Odoo's defaults: after a call, suggest a to-do; a meeting suggests a call.
UPDATE activity_type t JOIN activity_type n ON n.code = 'todo' SET t.next_type_id = n.id WHERE t.code = 'call';
UPDATE activity_type t JOIN activity_type n ON n.code = 'call' SET t.next_type_id = n.id WHERE t.code = 'meeting';
UPDATE activity_type SET summary = 'Upload the requested document' WHERE code = 'upload' AND summary = '';
