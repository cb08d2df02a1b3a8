-- CRM data model: teams, stages, tags, partners (customers), leads and
-- opportunities (crm_lead), lost reasons, chatter messages, followers,
-- notifications, activities, attachments, products and taxes.
-- Owners (the one module that writes each table) are named per table.

-- crm/team.c
-- Written by: crm/team.c crm/team_alias.c
CREATE TABLE team (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  sequence INT NOT NULL DEFAULT 10,
  active TINYINT(1) NOT NULL DEFAULT 1,
  leader_id BIGINT NULL,
  alias VARCHAR(254) NULL,                       -- e-mail alias (I5), local part or full address
  use_leads TINYINT(1) NOT NULL DEFAULT 1,       -- per-team leads switch (X6)
  use_opportunities TINYINT(1) NOT NULL DEFAULT 1,
  assignment_filter VARCHAR(2000) NOT NULL DEFAULT '',
  assignment_optout TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uq_team_alias (alias),
  CONSTRAINT fk_team_leader FOREIGN KEY (leader_id) REFERENCES app_user (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- crm/team.c
-- Written by: crm/team.c crm/team_alias.c
CREATE TABLE team_member (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  team_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  capacity INT NOT NULL DEFAULT 30,              -- leads per 30 days (S3)
  skip_assignment TINYINT(1) NOT NULL DEFAULT 0,
  assignment_filter VARCHAR(2000) NOT NULL DEFAULT '',
  is_default TINYINT(1) NOT NULL DEFAULT 0,      -- the user's default team
  UNIQUE KEY uq_team_member (team_id, user_id),
  KEY ix_team_member_user (user_id),
  CONSTRAINT fk_tm_team FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE,
  CONSTRAINT fk_tm_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- crm/stage.c
-- Written by: crm/stage.c
CREATE TABLE stage (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  sequence INT NOT NULL DEFAULT 1,
  is_won TINYINT(1) NOT NULL DEFAULT 0,
  folded TINYINT(1) NOT NULL DEFAULT 0,
  requirements VARCHAR(1000) NOT NULL DEFAULT '',
  team_id BIGINT NULL,                           -- NULL: global stage
  require_lost_reason TINYINT(1) NOT NULL DEFAULT 0,
  KEY ix_stage_team (team_id, sequence),
  CONSTRAINT fk_stage_team FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- crm/tag.c
-- Written by: crm/tag.c
CREATE TABLE tag (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  color TINYINT NOT NULL DEFAULT 0,              -- palette index 0-11
  UNIQUE KEY uq_tag_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- crm/lost_reason.c
-- Written by: crm/lost_reason.c
CREATE TABLE lost_reason (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  active TINYINT(1) NOT NULL DEFAULT 1
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- crm/partner.c (P11): companies and individuals
-- Written by: crm/partner.c
CREATE TABLE partner (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  is_company TINYINT(1) NOT NULL DEFAULT 0,
  parent_id BIGINT NULL,                         -- an individual's company
  email VARCHAR(254) NULL,
  email_normalized VARCHAR(254) NULL,
  phone VARCHAR(64) NULL,
  phone_sanitized VARCHAR(32) NULL,
  mobile VARCHAR(64) NULL,
  street VARCHAR(255) NULL,
  street2 VARCHAR(255) NULL,
  zip VARCHAR(24) NULL,
  city VARCHAR(128) NULL,
  state VARCHAR(128) NULL,
  country_code CHAR(2) NULL,
  website VARCHAR(255) NULL,
  vat VARCHAR(32) NULL,
  function VARCHAR(128) NULL,
  lang VARCHAR(8) NULL,
  comment TEXT NULL,
  user_id BIGINT NULL,                           -- salesperson
  active TINYINT(1) NOT NULL DEFAULT 1,
  merged_into_id BIGINT NULL,                    -- P11 merge: archived with a pointer
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY ix_partner_name (name),
  KEY ix_partner_email (email_normalized),
  KEY ix_partner_parent (parent_id),
  KEY ix_partner_phone (phone_sanitized),
  CONSTRAINT fk_partner_parent FOREIGN KEY (parent_id) REFERENCES partner (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: crm/partner.c
CREATE TABLE partner_tag (
  partner_id BIGINT NOT NULL,
  tag_id BIGINT NOT NULL,
  PRIMARY KEY (partner_id, tag_id),
  KEY ix_partner_tag_tag (tag_id),
  CONSTRAINT fk_pt_partner FOREIGN KEY (partner_id) REFERENCES partner (id) ON DELETE CASCADE,
  CONSTRAINT fk_pt_tag FOREIGN KEY (tag_id) REFERENCES tag (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- crm/lead.c (P1): leads and opportunities. Never name it `lead` (reserved).
-- Written by: crm/lead.c crm/lead_edit.c crm/lead_list.c
CREATE TABLE crm_lead (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  type ENUM('lead','opportunity') NOT NULL DEFAULT 'lead',
  active TINYINT(1) NOT NULL DEFAULT 1,
  contact_name VARCHAR(255) NULL,
  partner_name VARCHAR(255) NULL,                -- company name
  email_from VARCHAR(254) NULL,
  email_normalized VARCHAR(254) NULL,
  email_domain_criterion VARCHAR(254) NULL,      -- "@domain", or the full address for public providers
  email_cc VARCHAR(1000) NULL,
  phone VARCHAR(64) NULL,
  mobile VARCHAR(64) NULL,
  phone_sanitized VARCHAR(32) NULL,              -- E.164 (mobile preferred, else phone)
  website VARCHAR(255) NULL,
  function VARCHAR(128) NULL,
  street VARCHAR(255) NULL,
  street2 VARCHAR(255) NULL,
  zip VARCHAR(24) NULL,
  city VARCHAR(128) NULL,
  state VARCHAR(128) NULL,
  country_code CHAR(2) NULL,
  lang VARCHAR(8) NULL,
  partner_id BIGINT NULL,
  user_id BIGINT NULL,
  team_id BIGINT NULL,
  stage_id BIGINT NULL,
  expected_revenue DECIMAL(15,2) NOT NULL DEFAULT 0,
  probability DECIMAL(5,2) NOT NULL DEFAULT 0,
  automated_probability DECIMAL(5,2) NOT NULL DEFAULT 0,
  probability_manual TINYINT(1) NOT NULL DEFAULT 0,  -- edited by hand: no longer follows the score
  priority TINYINT NOT NULL DEFAULT 0,           -- 0..3 stars
  date_deadline DATE NULL,                       -- expected closing
  referred VARCHAR(255) NULL,
  description TEXT NULL,
  campaign VARCHAR(128) NULL,
  medium VARCHAR(128) NULL,
  source VARCHAR(128) NULL,
  lost_reason_id BIGINT NULL,
  origin ENUM('manual','form','email','api','import','demo','generated') NOT NULL DEFAULT 'manual',
  consent TINYINT(1) NOT NULL DEFAULT 0,         -- I7
  consent_version VARCHAR(32) NULL,
  consent_at DATETIME NULL,
  consent_ip VARCHAR(64) NULL,
  intake_key CHAR(43) CHARACTER SET ascii NULL,  -- idempotency key of a form submission (I4)
  merged_into_id BIGINT NULL,                    -- P7: archived as merged into #id
  create_date DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  write_date DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  create_uid BIGINT NULL,
  date_open DATETIME NULL,
  date_closed DATETIME NULL,
  date_conversion DATETIME NULL,
  date_last_stage_update DATETIME NULL,
  CONSTRAINT ck_lead_probability CHECK (probability >= 0 AND probability <= 100),
  CONSTRAINT ck_lead_priority CHECK (priority BETWEEN 0 AND 3),
  UNIQUE KEY uq_lead_intake_key (intake_key),
  KEY ix_lead_kanban (team_id, active, type, stage_id, priority, id),
  KEY ix_lead_user (user_id, active, type, id),
  KEY ix_lead_list (active, type, id),
  KEY ix_lead_stage (stage_id, active),
  KEY ix_lead_email (email_normalized),
  KEY ix_lead_domain (email_domain_criterion),
  KEY ix_lead_phone (phone_sanitized),
  KEY ix_lead_partner (partner_id),
  KEY ix_lead_create (create_date),
  KEY ix_lead_deadline (date_deadline),
  KEY ix_lead_lost_reason (lost_reason_id),
  KEY ix_lead_merged (merged_into_id),
  CONSTRAINT fk_lead_partner FOREIGN KEY (partner_id) REFERENCES partner (id) ON DELETE SET NULL,
  CONSTRAINT fk_lead_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE SET NULL,
  CONSTRAINT fk_lead_team FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE SET NULL,
  CONSTRAINT fk_lead_stage FOREIGN KEY (stage_id) REFERENCES stage (id) ON DELETE SET NULL,
  CONSTRAINT fk_lead_lost FOREIGN KEY (lost_reason_id) REFERENCES lost_reason (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: crm/lead.c crm/lead_edit.c crm/lead_list.c
CREATE TABLE lead_tag (
  lead_id BIGINT NOT NULL,
  tag_id BIGINT NOT NULL,
  PRIMARY KEY (lead_id, tag_id),
  KEY ix_lead_tag_tag (tag_id, lead_id),
  CONSTRAINT fk_lt_lead FOREIGN KEY (lead_id) REFERENCES crm_lead (id) ON DELETE CASCADE,
  CONSTRAINT fk_lt_tag FOREIGN KEY (tag_id) REFERENCES tag (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- crm/chatter.c (P9): messages on any record (res_model 'lead', 'quote', 'partner', 'team').
-- Written by: crm/chatter.c
CREATE TABLE message (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  res_model VARCHAR(16) CHARACTER SET ascii NOT NULL,
  res_id BIGINT NOT NULL,
  kind ENUM('note','email_in','email_out','tracking','activity','system','customer') NOT NULL DEFAULT 'note',
  author_id BIGINT NULL,                         -- staff author (app_user)
  author_name VARCHAR(255) NULL,                 -- external author (e-mail sender, customer)
  subject VARCHAR(998) NULL,
  body MEDIUMTEXT NULL,                          -- safe HTML (sanitised on the way in) or text
  body_is_html TINYINT(1) NOT NULL DEFAULT 0,
  tracking TEXT NULL,                            -- JSON [{field, old, new}]
  is_public TINYINT(1) NOT NULL DEFAULT 0,       -- shown to the customer on the portal (C8)
  message_id VARCHAR(998) NULL,                  -- RFC 5322 Message-ID (sent or received)
  message_id_hash CHAR(64) CHARACTER SET ascii NULL,
  activity_type_id BIGINT NULL,                  -- set on "activity done" messages (reports)
  moved_from_id BIGINT NULL,                     -- P7 merge: record it came from (unmerge)
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_message_record (res_model, res_id, id),
  KEY ix_message_msgid (message_id_hash),
  KEY ix_message_activity (activity_type_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- crm/chatter.c
-- Written by: crm/chatter.c
CREATE TABLE attachment (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  res_model VARCHAR(16) CHARACTER SET ascii NOT NULL,
  res_id BIGINT NOT NULL,
  message_id BIGINT NULL,
  name VARCHAR(255) NOT NULL,
  mimetype VARCHAR(128) NOT NULL DEFAULT 'application/octet-stream',
  size BIGINT NOT NULL DEFAULT 0,
  sha256 CHAR(64) CHARACTER SET ascii NOT NULL,
  data LONGBLOB NOT NULL,
  moved_from_id BIGINT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY ix_attachment_record (res_model, res_id),
  KEY ix_attachment_message (message_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- crm/follower.c (P13)
-- Written by: crm/follower.c
CREATE TABLE follower (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  res_model VARCHAR(16) CHARACTER SET ascii NOT NULL,
  res_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  moved_from_id BIGINT NULL,
  UNIQUE KEY uq_follower (res_model, res_id, user_id),
  KEY ix_follower_user (user_id),
  CONSTRAINT fk_follower_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- crm/notify.c (P13): in-app notifications (e-mail delivery reads them too)
-- Written by: crm/follower.c
CREATE TABLE notification (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  message_id BIGINT NULL,
  res_model VARCHAR(16) CHARACTER SET ascii NOT NULL,
  res_id BIGINT NOT NULL,
  event VARCHAR(32) NOT NULL,                    -- lead_created, mention, stage, won, lost, signed...
  summary VARCHAR(512) NOT NULL DEFAULT '',
  is_read TINYINT(1) NOT NULL DEFAULT 0,
  emailed_at DATETIME NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY ix_notification_user (user_id, is_read, id),
  CONSTRAINT fk_notification_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- crm/activity.c (P10)
-- Written by: crm/activity.c
CREATE TABLE activity_type (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  code VARCHAR(16) CHARACTER SET ascii NULL,      -- call, email, meeting, todo, upload (built-in)
  summary VARCHAR(255) NOT NULL DEFAULT '',
  sequence INT NOT NULL DEFAULT 10,
  delay_count INT NOT NULL DEFAULT 0,
  delay_unit ENUM('days','weeks','months') NOT NULL DEFAULT 'days',
  delay_from ENUM('previous_activity','current_date') NOT NULL DEFAULT 'previous_activity',
  chaining_type ENUM('suggest','trigger') NOT NULL DEFAULT 'suggest',
  next_type_id BIGINT NULL,
  icon VARCHAR(32) NOT NULL DEFAULT '',
  active TINYINT(1) NOT NULL DEFAULT 1,
  UNIQUE KEY uq_activity_type_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: crm/activity.c
CREATE TABLE activity (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  res_model VARCHAR(16) CHARACTER SET ascii NOT NULL,
  res_id BIGINT NOT NULL,
  activity_type_id BIGINT NOT NULL,
  summary VARCHAR(255) NOT NULL DEFAULT '',
  note TEXT NULL,
  date_deadline DATE NOT NULL,
  user_id BIGINT NOT NULL,                       -- assignee
  create_uid BIGINT NULL,
  previous_type_id BIGINT NULL,
  automated TINYINT(1) NOT NULL DEFAULT 0,
  moved_from_id BIGINT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY ix_activity_record (res_model, res_id, date_deadline),
  KEY ix_activity_user (user_id, date_deadline),
  CONSTRAINT fk_activity_type FOREIGN KEY (activity_type_id) REFERENCES activity_type (id),
  CONSTRAINT fk_activity_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- crm/product.c (Q1)
-- Written by: crm/product.c
CREATE TABLE tax (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  rate DECIMAL(7,4) NOT NULL,                    -- percent
  price_include TINYINT(1) NOT NULL DEFAULT 0,
  active TINYINT(1) NOT NULL DEFAULT 1
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: crm/product.c
CREATE TABLE product (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  default_code VARCHAR(64) NULL,                 -- internal reference
  description TEXT NULL,
  list_price DECIMAL(15,2) NOT NULL DEFAULT 0,
  uom VARCHAR(32) NOT NULL DEFAULT 'Unit',
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY ix_product_name (name),
  KEY ix_product_code (default_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: crm/product.c
CREATE TABLE product_tax (
  product_id BIGINT NOT NULL,
  tax_id BIGINT NOT NULL,
  PRIMARY KEY (product_id, tax_id),
  CONSTRAINT fk_ptx_product FOREIGN KEY (product_id) REFERENCES product (id) ON DELETE CASCADE,
  CONSTRAINT fk_ptx_tax FOREIGN KEY (tax_id) REFERENCES tax (id)
) ENGINE=InnoDB;

-- Reference data every installation starts with (P4, P8, P10).
INSERT INTO stage (name, sequence, is_won) VALUES
  ('New', 1, 0), ('Qualified', 2, 0), ('Proposition', 3, 0), ('Won', 70, 1);
INSERT INTO lost_reason (name) VALUES
  ('Too expensive'), ('We don''t have people/skills'), ('Not enough stock');
INSERT INTO activity_type (name, code, sequence, delay_count, delay_unit, summary) VALUES
  ('E-mail', 'email', 3, 0, 'days', ''),
  ('Call', 'call', 4, 2, 'days', ''),
  ('Meeting', 'meeting', 5, 0, 'days', ''),
  ('To-Do', 'todo', 6, 5, 'days', ''),
  ('Upload document', 'upload', 7, 5, 'days', '');
INSERT INTO setting (k, v) VALUES ('leads_enabled', '1'), ('quotation_validity_days', '30'),
  ('require_lost_reason', '0'), ('multi_team', '0'), ('assignment_mode', 'manual');
