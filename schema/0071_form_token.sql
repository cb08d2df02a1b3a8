-- Contact-form tokens already used (security finding 9a): a form token is
-- good for one submission. The hash of each token (crypt_token_hash,
-- BLAKE2b-256 hex) is inserted in the transaction that stores its lead, so a
-- replay hits the primary key whichever worker or application host serves
-- it. `piste cron` purges the rows once their token would be refused as
-- expired anyway (INTAKE_TOKEN_KEEP). Owner: crm/intake.c.
-- Written by: crm/intake.c
CREATE TABLE form_token (
  hash CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  expires_at DATETIME NOT NULL,
  KEY form_token_expires (expires_at)
) ENGINE=InnoDB;
