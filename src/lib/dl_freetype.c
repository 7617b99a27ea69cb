/*
 * dl_freetype.c - FreeType, loaded when a receipt is drawn as a raster
 * (see lib/dynlib.h).  Linked, it cost about 0.7 ms at every start.
 */
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SYNTHESIS_H

#include "lib/dynlib.h"

static const char *const names[] = { "libfreetype.so.6", "libfreetype.so", NULL };
struct dynlib dynlib_freetype = { .names = names, .package = "libfreetype6",
			.use = "drawing receipts" };

#define FAIL FT_Err_Cannot_Open_Resource

DYNLIB_FN(dynlib_freetype, FT_Error, FAIL, FT_Done_Face, (FT_Face face), (face))
DYNLIB_FN(dynlib_freetype, FT_Error, FAIL, FT_Done_FreeType, (FT_Library library), (library))
DYNLIB_FN(dynlib_freetype, FT_UInt, 0, FT_Get_Char_Index, (FT_Face face, FT_ULong charcode),
	  (face, charcode))
DYNLIB_VOID(dynlib_freetype, FT_GlyphSlot_Embolden, (FT_GlyphSlot slot), (slot))
DYNLIB_FN(dynlib_freetype, FT_Error, FAIL, FT_Init_FreeType, (FT_Library *alibrary), (alibrary))
DYNLIB_FN(dynlib_freetype, FT_Error, FAIL, FT_Load_Glyph,
	  (FT_Face face, FT_UInt glyph_index, FT_Int32 load_flags),
	  (face, glyph_index, load_flags))
DYNLIB_FN(dynlib_freetype, FT_Error, FAIL, FT_New_Face,
	  (FT_Library library, const char *filepathname, FT_Long face_index, FT_Face *aface),
	  (library, filepathname, face_index, aface))
DYNLIB_FN(dynlib_freetype, FT_Error, FAIL, FT_Render_Glyph,
	  (FT_GlyphSlot slot, FT_Render_Mode render_mode), (slot, render_mode))
DYNLIB_FN(dynlib_freetype, FT_Error, FAIL, FT_Set_Pixel_Sizes,
	  (FT_Face face, FT_UInt pixel_width, FT_UInt pixel_height),
	  (face, pixel_width, pixel_height))
