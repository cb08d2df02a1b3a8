/* csv.h - writing CSV (RFC 4180): fields quoted when needed, embedded
 * quotes doubled, CR/LF kept inside quotes, and cells that a spreadsheet
 * would run as a formula (starting with =, +, -, @, tab or CR) neutralised
 * with a leading apostrophe (SPEC P14). */
#ifndef PISTE_CSV_H
#define PISTE_CSV_H

#include <stdbool.h>

struct buf;

/* Append one cell (NULL: empty), preceded by a comma unless first. */
void csv_cell(struct buf *b, const char *v, bool first);
/* End the record (CRLF). */
void csv_end(struct buf *b);

#endif
