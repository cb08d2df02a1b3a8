-- Revisions of the reference data cached per worker thread (crm/refcache.c;
-- issue: the data path). One row per domain; every write of a reference
-- table bumps its domain's row through the triggers below, in the writer's
-- transaction, so the signal lives in the database that every application
-- machine shares. Readers fetch all revisions in the statement of the session
-- (or API key) check and reload only the domains whose revision moved.
-- Owner: these triggers only. Foreign-key cascades fire no triggers, so a
-- parent's trigger also bumps the domains its cascades touch (team -> stages,
-- app_user -> teams through team_member).
-- Written by: (triggers on the reference tables only)
CREATE TABLE cache_rev (
  domain VARCHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  rev BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB;

INSERT INTO cache_rev (domain, rev) VALUES ('activity_types', 1), ('lost_reasons', 1), ('settings', 1),
  ('stages', 1), ('tags', 1), ('taxes', 1), ('teams', 1), ('users', 1);

CREATE TRIGGER tr_cache_rev_user_ins AFTER INSERT ON app_user FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'users';
CREATE TRIGGER tr_cache_rev_user_upd AFTER UPDATE ON app_user FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'users';
CREATE TRIGGER tr_cache_rev_user_del AFTER DELETE ON app_user FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain IN ('users', 'teams');

CREATE TRIGGER tr_cache_rev_team_ins AFTER INSERT ON team FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'teams';
CREATE TRIGGER tr_cache_rev_team_upd AFTER UPDATE ON team FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'teams';
CREATE TRIGGER tr_cache_rev_team_del AFTER DELETE ON team FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain IN ('teams', 'stages');

CREATE TRIGGER tr_cache_rev_member_ins AFTER INSERT ON team_member FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'teams';
CREATE TRIGGER tr_cache_rev_member_upd AFTER UPDATE ON team_member FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'teams';
CREATE TRIGGER tr_cache_rev_member_del AFTER DELETE ON team_member FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'teams';

CREATE TRIGGER tr_cache_rev_stage_ins AFTER INSERT ON stage FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'stages';
CREATE TRIGGER tr_cache_rev_stage_upd AFTER UPDATE ON stage FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'stages';
CREATE TRIGGER tr_cache_rev_stage_del AFTER DELETE ON stage FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'stages';

-- Lead writes create tags on the fly with INSERT IGNORE: this trigger fires
-- only when a row is really inserted (a new tag), never for a known one.
CREATE TRIGGER tr_cache_rev_tag_ins AFTER INSERT ON tag FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'tags';
CREATE TRIGGER tr_cache_rev_tag_upd AFTER UPDATE ON tag FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'tags';
CREATE TRIGGER tr_cache_rev_tag_del AFTER DELETE ON tag FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'tags';

CREATE TRIGGER tr_cache_rev_atype_ins AFTER INSERT ON activity_type FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'activity_types';
CREATE TRIGGER tr_cache_rev_atype_upd AFTER UPDATE ON activity_type FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'activity_types';
CREATE TRIGGER tr_cache_rev_atype_del AFTER DELETE ON activity_type FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'activity_types';

CREATE TRIGGER tr_cache_rev_reason_ins AFTER INSERT ON lost_reason FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'lost_reasons';
CREATE TRIGGER tr_cache_rev_reason_upd AFTER UPDATE ON lost_reason FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'lost_reasons';
CREATE TRIGGER tr_cache_rev_reason_del AFTER DELETE ON lost_reason FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'lost_reasons';

CREATE TRIGGER tr_cache_rev_setting_ins AFTER INSERT ON setting FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'settings';
CREATE TRIGGER tr_cache_rev_setting_upd AFTER UPDATE ON setting FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'settings';
CREATE TRIGGER tr_cache_rev_setting_del AFTER DELETE ON setting FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'settings';

CREATE TRIGGER tr_cache_rev_tax_ins AFTER INSERT ON tax FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'taxes';
CREATE TRIGGER tr_cache_rev_tax_upd AFTER UPDATE ON tax FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'taxes';
CREATE TRIGGER tr_cache_rev_tax_del AFTER DELETE ON tax FOR EACH ROW
  UPDATE cache_rev SET rev = rev + 1 WHERE domain = 'taxes';
