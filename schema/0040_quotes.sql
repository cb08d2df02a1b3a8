-- Quotations (SPEC Q1-Q8): quotation templates, quotations and their lines,
-- the gapless numbering sequence, outgoing mail log and e-mail templates.
-- Owners: crm/qt_template.c (quote_template, quote_template_line),
-- crm/quote.c (quote, quote_line, quote_line_tax, quote_tag, quote_sequence),
-- crm/mail.c (mail_out, mail_template), crm/product.c (tax, product: extended).

-- crm/product.c: products get a sequence-free "updated" stamp; taxes a
-- description printed on quotations.
ALTER TABLE tax ADD COLUMN description VARCHAR(128) NULL AFTER name;
ALTER TABLE product ADD KEY ix_product_active (active, name);

-- crm/qt_template.c (Q4)
-- Written by: crm/qt_template.c
CREATE TABLE quote_template (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  validity_days INT NOT NULL DEFAULT 0,          -- > 0: wins over the quotation_validity_days setting
  require_signature TINYINT(1) NOT NULL DEFAULT 1,
  payment_terms VARCHAR(255) NULL,
  terms TEXT NULL,                               -- terms and conditions printed on the quotation
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY ix_qt_active (active, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: crm/qt_template.c
CREATE TABLE quote_template_line (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  template_id BIGINT NOT NULL,
  sequence INT NOT NULL DEFAULT 10,
  display_type ENUM('line','section','note') NOT NULL DEFAULT 'line',
  product_id BIGINT NULL,
  name TEXT NULL,
  quantity_e3 BIGINT NOT NULL DEFAULT 1000,      -- quantity x 1000
  KEY ix_qtl_template (template_id, sequence, id),
  CONSTRAINT fk_qtl_template FOREIGN KEY (template_id) REFERENCES quote_template (id) ON DELETE CASCADE,
  CONSTRAINT fk_qtl_product FOREIGN KEY (product_id) REFERENCES product (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- crm/quote.c: one row per numbering scope ('global' or a year), locked by
-- the transaction that inserts the quotation, so numbers have no gaps.
-- Written by: crm/quote.c crm/quote_doc.c
CREATE TABLE quote_sequence (
  scope VARCHAR(8) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  next_number BIGINT NOT NULL DEFAULT 1
) ENGINE=InnoDB;

-- crm/quote.c (Q3)
-- Written by: crm/quote.c crm/quote_doc.c
CREATE TABLE quote (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  number VARCHAR(32) NOT NULL,
  state ENUM('draft','sent','confirmed','cancelled') NOT NULL DEFAULT 'draft',
  opportunity_id BIGINT NULL,
  partner_id BIGINT NULL,
  partner_invoice_id BIGINT NULL,
  partner_shipping_id BIGINT NULL,
  user_id BIGINT NULL,                           -- salesperson
  team_id BIGINT NULL,
  template_id BIGINT NULL,
  date_order DATE NOT NULL,
  validity_date DATE NULL,                       -- NULL: no expiry
  payment_terms VARCHAR(255) NULL,
  note TEXT NULL,                                -- terms and conditions
  currency CHAR(3) CHARACTER SET ascii NOT NULL DEFAULT 'EUR',
  campaign VARCHAR(128) NULL,
  medium VARCHAR(128) NULL,
  source VARCHAR(128) NULL,
  origin VARCHAR(255) NULL,                      -- the opportunity's name
  amount_untaxed DECIMAL(15,2) NOT NULL DEFAULT 0,
  amount_tax DECIMAL(15,2) NOT NULL DEFAULT 0,
  amount_total DECIMAL(15,2) NOT NULL DEFAULT 0,
  require_signature TINYINT(1) NOT NULL DEFAULT 1,
  access_token CHAR(43) CHARACTER SET ascii NOT NULL,   -- portal token (C1), 256 bits base64url
  -- Signature (C3, written by the portal): shown on the PDF when set.
  signed_by VARCHAR(255) NULL,
  signed_on DATETIME NULL,
  signature MEDIUMBLOB NULL,                     -- PNG
  signature_hash CHAR(64) CHARACTER SET ascii NULL,  -- SHA-256 of the signed content
  signer_ip VARCHAR(64) NULL,
  signer_ua VARCHAR(255) NULL,
  decline_reason TEXT NULL,
  sent_at DATETIME NULL,
  confirmed_at DATETIME NULL,
  create_uid BIGINT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  write_date DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY uq_quote_number (number),
  KEY ix_quote_opportunity (opportunity_id, state),
  KEY ix_quote_user (user_id, id),
  KEY ix_quote_state (state, id),
  KEY ix_quote_partner (partner_id),
  CONSTRAINT fk_quote_lead FOREIGN KEY (opportunity_id) REFERENCES crm_lead (id) ON DELETE SET NULL,
  CONSTRAINT fk_quote_partner FOREIGN KEY (partner_id) REFERENCES partner (id),
  CONSTRAINT fk_quote_invoice FOREIGN KEY (partner_invoice_id) REFERENCES partner (id),
  CONSTRAINT fk_quote_shipping FOREIGN KEY (partner_shipping_id) REFERENCES partner (id),
  CONSTRAINT fk_quote_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE SET NULL,
  CONSTRAINT fk_quote_team FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE SET NULL,
  CONSTRAINT fk_quote_template FOREIGN KEY (template_id) REFERENCES quote_template (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: crm/quote.c crm/quote_doc.c
CREATE TABLE quote_line (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  quote_id BIGINT NOT NULL,
  sequence INT NOT NULL DEFAULT 10,
  display_type ENUM('line','section','note') NOT NULL DEFAULT 'line',
  product_id BIGINT NULL,
  name TEXT NULL,                                -- description
  quantity_e3 BIGINT NOT NULL DEFAULT 1000,      -- quantity x 1000
  uom VARCHAR(32) NULL,
  price_unit DECIMAL(15,2) NOT NULL DEFAULT 0,
  discount_e2 INT NOT NULL DEFAULT 0,            -- percent x 100 (12.5 % = 1250)
  price_subtotal DECIMAL(15,2) NOT NULL DEFAULT 0,  -- untaxed
  price_tax DECIMAL(15,2) NOT NULL DEFAULT 0,
  price_total DECIMAL(15,2) NOT NULL DEFAULT 0,
  KEY ix_quote_line (quote_id, sequence, id),
  CONSTRAINT fk_ql_quote FOREIGN KEY (quote_id) REFERENCES quote (id) ON DELETE CASCADE,
  CONSTRAINT fk_ql_product FOREIGN KEY (product_id) REFERENCES product (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: crm/quote.c crm/quote_doc.c
CREATE TABLE quote_line_tax (
  line_id BIGINT NOT NULL,
  tax_id BIGINT NOT NULL,
  PRIMARY KEY (line_id, tax_id),
  CONSTRAINT fk_qlt_line FOREIGN KEY (line_id) REFERENCES quote_line (id) ON DELETE CASCADE,
  CONSTRAINT fk_qlt_tax FOREIGN KEY (tax_id) REFERENCES tax (id)
) ENGINE=InnoDB;

-- Written by: crm/quote.c crm/quote_doc.c
CREATE TABLE quote_tag (
  quote_id BIGINT NOT NULL,
  tag_id BIGINT NOT NULL,
  PRIMARY KEY (quote_id, tag_id),
  CONSTRAINT fk_qtag_quote FOREIGN KEY (quote_id) REFERENCES quote (id) ON DELETE CASCADE,
  CONSTRAINT fk_qtag_tag FOREIGN KEY (tag_id) REFERENCES tag (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- crm/mail.c: every outgoing e-mail (SMTP or outbox), keyed by an
-- idempotency key so that a retried send never delivers twice.
-- Written by: crm/mail.c
CREATE TABLE mail_out (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  idem_key VARCHAR(64) CHARACTER SET ascii NULL,
  message_id VARCHAR(255) NOT NULL,
  res_model VARCHAR(16) CHARACTER SET ascii NULL,
  res_id BIGINT NULL,
  mail_to VARCHAR(1000) NOT NULL,
  subject VARCHAR(998) NOT NULL DEFAULT '',
  transport ENUM('smtp','outbox') NOT NULL,
  outbox_file VARCHAR(255) NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uq_mail_idem (idem_key),
  KEY ix_mail_record (res_model, res_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- crm/mail.c: e-mail templates per language; placeholders {{name}}.
-- Written by: crm/mail.c
CREATE TABLE mail_template (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code VARCHAR(32) CHARACTER SET ascii NOT NULL,
  lang VARCHAR(8) CHARACTER SET ascii NOT NULL,
  subject VARCHAR(998) NOT NULL,
  body TEXT NOT NULL,
  UNIQUE KEY uq_mail_template (code, lang)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO mail_template (code, lang, subject, body) VALUES
('quote_send', 'en', '{{company}} - Quotation {{number}}',
 'Hello {{customer}},\n\nPlease find attached our quotation {{number}} amounting to {{total}}{{validity}}.\n\nYou can view it, download it and accept it online:\n{{portal_url}}\n\nDo not hesitate to contact us if you have any questions.\n\nBest regards,\n{{salesperson}}\n{{company}}'),
('quote_send', 'fr', '{{company}} - Devis {{number}}',
 'Bonjour {{customer}},\n\nVeuillez trouver ci-joint notre devis {{number}} d''un montant de {{total}}{{validity}}.\n\nVous pouvez le consulter, le télécharger et l''accepter en ligne :\n{{portal_url}}\n\nN''hésitez pas à nous contacter pour toute question.\n\nCordialement,\n{{salesperson}}\n{{company}}');

INSERT INTO setting (k, v) VALUES ('quote_numbering', 'global'), ('quote_followup_days', '3'),
  ('quote_require_signature', '1')
  ON DUPLICATE KEY UPDATE v = v;
