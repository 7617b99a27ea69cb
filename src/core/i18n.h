/*
 * i18n.h - the user's language.  ocop-pos speaks Vietnamese by default and
 * English with --lang en.  Messages are written in English in the code
 * and wrapped in tr(); the Vietnamese text comes from
 * config/locale/vi.json ({"English msgid": "Vietnamese"}), embedded in
 * the binary.  A msgid with no translation is shown in English.
 * Translations of printf formats must keep the same conversions (a unit
 * test checks every entry).
 */
#ifndef OCOP_I18N_H
#define OCOP_I18N_H

#include "lib/err.h"

enum i18n_lang { I18N_VI = 0, I18N_EN = 1 };

/* Select the language ("vi" or "en"); POS_ERR_INVALID for others. */
int i18n_set_lang(const char *lang, struct pos_error *err);

/* The current language. */
enum i18n_lang i18n_lang(void);

/* The translation of msgid in the current language (static storage). */
const char *tr(const char *msgid) __attribute__((format_arg(1)));

/* Free the loaded catalogue (for leak checkers). */
void i18n_free(void);

/*
 * Load a catalogue from JSON text (used by i18n_set_lang with the embedded
 * file and by tests).  Replaces the current one.
 */
int i18n_load_json(const char *json, struct pos_error *err);

#endif
