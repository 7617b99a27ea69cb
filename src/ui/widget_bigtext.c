/*
 * widget_bigtext.c - big digits for the total and the change, readable
 * from across the counter: each glyph is drawn from a 3 x 6 pixel font
 * with half blocks (two pixel rows per text row), three rows tall.
 * Without UTF-8 the blocks become '#'.
 */
#include "ui/widget.h"

#include <string.h>

struct glyph {
	char ch;
	int w;
	const char *px[6];
};

static const struct glyph font[] = {
	{ '0', 3, { "###", "#.#", "#.#", "#.#", "#.#", "###" } },
	{ '1', 3, { ".#.", "##.", ".#.", ".#.", ".#.", "###" } },
	{ '2', 3, { "###", "..#", "..#", "###", "#..", "###" } },
	{ '3', 3, { "###", "..#", ".##", "..#", "..#", "###" } },
	{ '4', 3, { "#.#", "#.#", "#.#", "###", "..#", "..#" } },
	{ '5', 3, { "###", "#..", "###", "..#", "..#", "###" } },
	{ '6', 3, { "###", "#..", "###", "#.#", "#.#", "###" } },
	{ '7', 3, { "###", "..#", "..#", ".#.", ".#.", ".#." } },
	{ '8', 3, { "###", "#.#", "###", "#.#", "#.#", "###" } },
	{ '9', 3, { "###", "#.#", "###", "..#", "..#", "###" } },
	{ '.', 1, { ".", ".", ".", ".", ".", "#" } },
	{ ',', 1, { ".", ".", ".", ".", "#", "#" } },
	{ '-', 2, { "..", "..", "##", "..", "..", ".." } },
	{ ' ', 1, { ".", ".", ".", ".", ".", "." } },
};

static const struct glyph *find(char c)
{
	size_t i;

	for (i = 0; i < sizeof(font) / sizeof(font[0]); i++)
		if (font[i].ch == c)
			return &font[i];
	return NULL;
}

int bigtext_width(const char *text)
{
	int w = 0;
	const struct glyph *g;

	for (; *text; text++)
		if ((g = find(*text)))
			w += g->w + 1;
	return w > 0 ? w - 1 : 0;
}

void bigtext_draw(struct tui *t, int y, int x, attr_t attr, const char *text)
{
	const struct glyph *g;
	int row, col, cx = x;

	attr_set(attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
	for (; *text; text++) {
		if (!(g = find(*text)))
			continue;
		for (row = 0; row < BIGTEXT_ROWS; row++) {
			move(y + row, cx);
			for (col = 0; col < g->w; col++) {
				int top = g->px[2 * row][col] == '#';
				int bot = g->px[2 * row + 1][col] == '#';

				if (t->utf8)
					addstr(top && bot ? "█" : top ? "▀" : bot ? "▄" : " ");
				else
					addstr(top || bot ? "#" : " ");
			}
		}
		cx += g->w + 1;
	}
	attr_set(A_NORMAL, 0, NULL);
}
