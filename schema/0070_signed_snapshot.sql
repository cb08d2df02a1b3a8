-- Signed snapshots (security finding 3): what the customer signed, frozen.
-- Owner: crm/quote.c. quote_portal_sign writes signed_snapshot once, in the
-- signing transaction, with signature_hash = SHA-256 of these exact bytes (the
-- canonical JSON described in crm/quote.h); crm/quote_doc.c draws every
-- document of a signed quotation from it (portal page, staff and portal PDFs,
-- e-mails), and `piste quote verify` recomputes the hash.
-- Quotations signed before this migration keep NULL: their documents show the
-- live records as before, and `piste quote verify` answers "no snapshot"
-- (rebuilding one now from today's records could freeze changes made since).
ALTER TABLE quote ADD COLUMN signed_snapshot LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL
  AFTER signature_hash;
