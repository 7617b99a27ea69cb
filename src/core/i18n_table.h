/*
 * i18n_table.h - the Vietnamese catalogue as compiled into the program:
 * src/gen-i18n.c turns config/locale/vi*.json into C source at build time
 * (build/gen/i18n_table.c), so tr() finds a translation by a binary search
 * without reading, decoding or allocating anything at run time.  The
 * strings live in one pool and the index holds offsets into it, sorted by
 * msgid in strcmp() order (no pointers: nothing for the dynamic loader to
 * relocate at start).
 */
#ifndef OCOP_I18N_TABLE_H
#define OCOP_I18N_TABLE_H

#include <stddef.h>
#include <stdint.h>

extern const char i18n_vi_pool[];
/* i18n_vi_count pairs { offset of the English msgid, offset of its text } */
extern const uint32_t i18n_vi_index[][2];
extern const size_t i18n_vi_count;

#endif
