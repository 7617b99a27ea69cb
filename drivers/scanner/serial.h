/*
 * serial.h - a scanner on a serial line: USB-CDC (/dev/ttyACM0) or
 * RS-232 (/dev/ttyS0, /dev/ttyUSB0).
 *
 * The port is put in raw mode, 8N1, SCANNER_SERIAL_BAUD (USB-CDC ignores
 * the rate; RS-232 scanners ship at 9600).  Bytes go through the code
 * assembler (scanbuf.h) up to the configured suffix (CR, LF or CR LF with
 * the default Enter); bytes without their suffix are handed out as a
 * partial code after flush_ms.  A port that goes away (EIO, ENXIO, ENODEV:
 * the scanner was unplugged) is a state change; the path is opened again
 * every retry_ms.
 */
#ifndef OCOP_SCANNER_SERIAL_H
#define OCOP_SCANNER_SERIAL_H

#include "lib/err.h"

#define SCANNER_SERIAL_BAUD 9600

/*
 * Put the terminal fd in raw mode, 8N1, receiver on, modem lines
 * ignored, at baud (9600, 19200, 38400, 57600 or 115200; anything else is
 * 9600).  Returns 0, or POS_ERR_DEVICE when fd is not a terminal or
 * refuses the settings.
 */
int serial_set_raw(int fd, int baud, struct pos_error *err);

#endif
