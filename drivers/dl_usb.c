/*
 * dl_usb.c - libusb, loaded when a USB printer or scanner is opened or
 * listed (see lib/dynlib.h).  Linked, it and libudev are mapped at every
 * start for nothing in most commands.
 */
#include <libusb.h>

#include "lib/dynlib.h"

static const char *const names[] = { "libusb-1.0.so.0", "libusb-1.0.so", NULL };
struct dynlib dynlib_usb = { .names = names, .package = "libusb-1.0-0",
			.use = "USB devices" };

#define FAIL LIBUSB_ERROR_NOT_SUPPORTED

DYNLIB_FN(dynlib_usb, struct libusb_transfer *, NULL, libusb_alloc_transfer, (int iso_packets),
	  (iso_packets))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_attach_kernel_driver,
	  (libusb_device_handle *dev_handle, int interface_number), (dev_handle, interface_number))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_bulk_transfer,
	  (libusb_device_handle *dev_handle, unsigned char endpoint, unsigned char *data,
	   int length, int *actual_length, unsigned int timeout),
	  (dev_handle, endpoint, data, length, actual_length, timeout))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_interrupt_transfer,
	  (libusb_device_handle *dev_handle, unsigned char endpoint, unsigned char *data,
	   int length, int *actual_length, unsigned int timeout),
	  (dev_handle, endpoint, data, length, actual_length, timeout))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_cancel_transfer, (struct libusb_transfer *transfer),
	  (transfer))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_claim_interface,
	  (libusb_device_handle *dev_handle, int interface_number), (dev_handle, interface_number))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_clear_halt,
	  (libusb_device_handle *dev_handle, unsigned char endpoint), (dev_handle, endpoint))
DYNLIB_VOID(dynlib_usb, libusb_close, (libusb_device_handle *dev_handle), (dev_handle))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_control_transfer,
	  (libusb_device_handle *dev_handle, uint8_t request_type, uint8_t bRequest,
	   uint16_t wValue, uint16_t wIndex, unsigned char *data, uint16_t wLength,
	   unsigned int timeout),
	  (dev_handle, request_type, bRequest, wValue, wIndex, data, wLength, timeout))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_detach_kernel_driver,
	  (libusb_device_handle *dev_handle, int interface_number), (dev_handle, interface_number))
DYNLIB_VOID(dynlib_usb, libusb_exit, (libusb_context *ctx), (ctx))
DYNLIB_VOID(dynlib_usb, libusb_free_config_descriptor, (struct libusb_config_descriptor *config),
	    (config))
DYNLIB_VOID(dynlib_usb, libusb_free_device_list, (libusb_device **list, int unref_devices),
	    (list, unref_devices))
DYNLIB_VOID(dynlib_usb, libusb_free_pollfds, (const struct libusb_pollfd **pollfds), (pollfds))
DYNLIB_VOID(dynlib_usb, libusb_free_transfer, (struct libusb_transfer *transfer), (transfer))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_get_active_config_descriptor,
	  (libusb_device *dev, struct libusb_config_descriptor **config), (dev, config))
DYNLIB_FN(dynlib_usb, uint8_t, 0, libusb_get_bus_number, (libusb_device *dev), (dev))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_get_config_descriptor,
	  (libusb_device *dev, uint8_t config_index, struct libusb_config_descriptor **config),
	  (dev, config_index, config))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_get_configuration,
	  (libusb_device_handle *dev, int *config), (dev, config))
DYNLIB_FN(dynlib_usb, uint8_t, 0, libusb_get_device_address, (libusb_device *dev), (dev))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_get_device_descriptor,
	  (libusb_device *dev, struct libusb_device_descriptor *desc), (dev, desc))
DYNLIB_FN(dynlib_usb, ssize_t, FAIL, libusb_get_device_list,
	  (libusb_context *ctx, libusb_device ***list), (ctx, list))
DYNLIB_FN(dynlib_usb, const struct libusb_pollfd **, NULL, libusb_get_pollfds,
	  (libusb_context *ctx), (ctx))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_get_string_descriptor_ascii,
	  (libusb_device_handle *dev_handle, uint8_t desc_index, unsigned char *data, int length),
	  (dev_handle, desc_index, data, length))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_handle_events_timeout_completed,
	  (libusb_context *ctx, struct timeval *tv, int *completed), (ctx, tv, completed))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_init, (libusb_context **ctx), (ctx))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_kernel_driver_active,
	  (libusb_device_handle *dev_handle, int interface_number), (dev_handle, interface_number))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_open,
	  (libusb_device *dev, libusb_device_handle **dev_handle), (dev, dev_handle))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_release_interface,
	  (libusb_device_handle *dev_handle, int interface_number), (dev_handle, interface_number))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_set_configuration,
	  (libusb_device_handle *dev_handle, int configuration), (dev_handle, configuration))
DYNLIB_FN(dynlib_usb, const char *, "libusb is not installed", libusb_strerror, (int errcode),
	  (errcode))
DYNLIB_FN(dynlib_usb, int, FAIL, libusb_submit_transfer, (struct libusb_transfer *transfer),
	  (transfer))
