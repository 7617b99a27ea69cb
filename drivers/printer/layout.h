/*
 * layout.h - text items of a document laid out into printed lines of
 * cells, shared by the ESC/POS text modes and the raster renderer so both
 * break lines in exactly the same places.
 *
 * A cell is one character of font A; a Vietnamese letter is one cell
 * whatever its marks.  Double-width text has half as many cells.
 */
#ifndef OCOP_PRINTER_LAYOUT_H
#define OCOP_PRINTER_LAYOUT_H

#include <stddef.h>

#include "lib/err.h"
#include "lib/doc.h"

struct layout {
	char **lines;           /* UTF-8, NUL-terminated, owned */
	size_t n, cap;
};

void layout_init(struct layout *l);
/* Free every line; l is empty again. */
void layout_release(struct layout *l);

/* Cells the UTF-8 string s (n bytes) takes: combining marks take none. */
int layout_cells(const char *s, size_t n);

/* Cells available to an item of style on paper of columns cells. */
int layout_avail(unsigned style, int columns);

/*
 * Lay out a TEXT, ROW or SEPARATOR item for paper of columns cells,
 * appending its lines to l.  TEXT lines are trimmed and not padded (the
 * printer aligns them); ROW and SEPARATOR lines are exactly the available
 * width.  Other kinds add nothing.  0 or POS_ERR_NO_MEM.
 */
int layout_item(const struct doc_item *it, int columns, struct layout *l,
		struct pos_error *err);

#endif
