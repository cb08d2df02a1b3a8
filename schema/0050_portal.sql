-- Customer portal (SPEC C1-C8). Owner: crm/portal.c.

-- C6: one row per quotation and UTC day on which the customer opened the
-- page, so that "Quotation viewed by the customer" is logged once a day
-- whatever the number of workers (the primary key decides the race).
-- Written by: crm/portal.c
CREATE TABLE portal_view (
  quote_id BIGINT NOT NULL,
  day DATE NOT NULL,
  first_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (quote_id, day),
  CONSTRAINT fk_pv_quote FOREIGN KEY (quote_id) REFERENCES quote (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- C7: the company's bank account for the EPC payment QR code ('' = none;
-- the configuration file's company.iban / company.bic are the fallback).
INSERT INTO setting (k, v) VALUES ('company_iban', ''), ('company_bic', ''),
  ('portal_fail_limit', '60'), ('portal_fail_window', '600')
  ON DUPLICATE KEY UPDATE v = v;
