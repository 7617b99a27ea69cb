/*
 * dl_png.c - libpng, loaded when a receipt preview or a logo is written
 * or read (see lib/dynlib.h).  Linked, it cost about 0.5 ms at every start.
 */
#include <png.h>

#include "lib/dynlib.h"

static const char *const names[] = { "libpng16.so.16", "libpng16.so", NULL };
struct dynlib dynlib_png = { .names = names, .package = "libpng16-16",
			.use = "PNG images" };

DYNLIB_FN(dynlib_png, png_infop, NULL, png_create_info_struct, (png_const_structrp png_ptr),
	  (png_ptr))
DYNLIB_FN(dynlib_png, png_structp, NULL, png_create_write_struct,
	  (png_const_charp user_png_ver, png_voidp error_ptr, png_error_ptr error_fn,
	   png_error_ptr warn_fn),
	  (user_png_ver, error_ptr, error_fn, warn_fn))
DYNLIB_VOID(dynlib_png, png_destroy_write_struct, (png_structpp png_ptr_ptr, png_infopp info_ptr_ptr),
	    (png_ptr_ptr, info_ptr_ptr))
DYNLIB_FN(dynlib_png, int, 0, png_image_begin_read_from_file,
	  (png_imagep image, const char *file_name), (image, file_name))
DYNLIB_FN(dynlib_png, int, 0, png_image_finish_read,
	  (png_imagep image, png_const_colorp background, void *buffer, png_int_32 row_stride,
	   void *colormap),
	  (image, background, buffer, row_stride, colormap))
DYNLIB_VOID(dynlib_png, png_image_free, (png_imagep image), (image))
DYNLIB_VOID(dynlib_png, png_init_io, (png_structrp png_ptr, png_FILE_p fp), (png_ptr, fp))
DYNLIB_VOID(dynlib_png, png_set_IHDR,
	    (png_const_structrp png_ptr, png_inforp info_ptr, png_uint_32 width,
	     png_uint_32 height, int bit_depth, int color_type, int interlace_method,
	     int compression_method, int filter_method),
	    (png_ptr, info_ptr, width, height, bit_depth, color_type, interlace_method,
	     compression_method, filter_method))
DYNLIB_FN(dynlib_png, jmp_buf *, NULL, png_set_longjmp_fn,
	  (png_structrp png_ptr, png_longjmp_ptr longjmp_fn, size_t jmp_buf_size),
	  (png_ptr, longjmp_fn, jmp_buf_size))
DYNLIB_VOID(dynlib_png, png_write_end, (png_structrp png_ptr, png_inforp info_ptr),
	    (png_ptr, info_ptr))
DYNLIB_VOID(dynlib_png, png_write_info, (png_structrp png_ptr, png_const_inforp info_ptr),
	    (png_ptr, info_ptr))
DYNLIB_VOID(dynlib_png, png_write_row, (png_structrp png_ptr, png_const_bytep row),
	    (png_ptr, row))
/* Used by the tests (tests/unit/test_receipt.c makes its logos with it). */
DYNLIB_FN(dynlib_png, int, 0, png_image_write_to_file,
	  (png_imagep image, const char *file, int convert_to_8bit, const void *buffer,
	   png_int_32 row_stride, const void *colormap),
	  (image, file, convert_to_8bit, buffer, row_stride, colormap))
