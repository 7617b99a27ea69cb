/*
 * msg.h - the one translation hook below core.  The base layer and the
 * drivers write their sentences as English msgids and pass them through
 * MSG_TR(); the program hands core's tr() to msg_set_tr() once at
 * start-up (src/main.c), so they reach the cashier in her language
 * without lib or drivers including core.  Without a hook, or when it
 * returns NULL, the English stays.  Texts from strerror() and
 * libusb_strerror() are not translated.
 */
#ifndef OCOP_LIB_MSG_H
#define OCOP_LIB_MSG_H

/* Set (or with NULL, clear) the translation function. */
void msg_set_tr(const char *(*fn)(const char *msgid));

/*
 * msgid through the hook.  Returns a string that lives at least as long
 * as the hook's catalogue (or msgid itself); format_arg keeps printf
 * formats checked.
 */
const char *msg_tr(const char *msgid) __attribute__((format_arg(1)));
#define MSG_TR(msgid) msg_tr(msgid)

#endif
