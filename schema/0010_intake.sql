-- Intake (SPEC I3, I5): submissions of the contact form and e-mails to team
-- aliases that were refused, counted by reason and never stored as leads.
-- Shown on Settings > Contact form. Owner: crm/intake.c.
-- Written by: crm/intake.c
CREATE TABLE intake_reject (
  reason VARCHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,  -- honeypot, too_fast, rate, ...
  n BIGINT NOT NULL DEFAULT 0,
  last_at DATETIME NULL
) ENGINE=InnoDB;
