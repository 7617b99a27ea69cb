/*
 * dl_xml2.c - libxml2, loaded when an e-invoice is built or checked
 * (see lib/dynlib.h).  Linked, it and ICU cost about 3 ms at every start.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "lib/dynlib.h"

static const char *const names[] = { "libxml2.so.2", "libxml2.so.16", "libxml2.so", NULL };
struct dynlib dynlib_xml2 = { .names = names, .package = "libxml2",
			.use = "the e-invoice XML" };

DYNLIB_VOID(dynlib_xml2, xmlDocDumpFormatMemoryEnc,
	    (xmlDocPtr out_doc, xmlChar **doc_txt_ptr, int *doc_txt_len, const char *txt_encoding,
	     int format),
	    (out_doc, doc_txt_ptr, doc_txt_len, txt_encoding, format))
DYNLIB_FN(dynlib_xml2, xmlNodePtr, NULL, xmlDocSetRootElement, (xmlDocPtr doc, xmlNodePtr root),
	  (doc, root))
DYNLIB_VOID(dynlib_xml2, xmlFreeDoc, (xmlDocPtr cur), (cur))
DYNLIB_FN(dynlib_xml2, xmlDocPtr, NULL, xmlNewDoc, (const xmlChar *version), (version))
DYNLIB_FN(dynlib_xml2, xmlNodePtr, NULL, xmlNewNode, (xmlNsPtr ns, const xmlChar *name),
	  (ns, name))
DYNLIB_FN(dynlib_xml2, xmlAttrPtr, NULL, xmlNewProp,
	  (xmlNodePtr node, const xmlChar *name, const xmlChar *value), (node, name, value))
DYNLIB_FN(dynlib_xml2, xmlNodePtr, NULL, xmlNewTextChild,
	  (xmlNodePtr parent, xmlNsPtr ns, const xmlChar *name, const xmlChar *content),
	  (parent, ns, name, content))
DYNLIB_FN(dynlib_xml2, xmlDocPtr, NULL, xmlReadMemory,
	  (const char *buffer, int size, const char *URL, const char *encoding, int options),
	  (buffer, size, URL, encoding, options))
DYNLIB_VOID(dynlib_xml2, xmlSchemaFree, (xmlSchemaPtr schema), (schema))
DYNLIB_VOID(dynlib_xml2, xmlSchemaFreeParserCtxt, (xmlSchemaParserCtxtPtr ctxt), (ctxt))
DYNLIB_VOID(dynlib_xml2, xmlSchemaFreeValidCtxt, (xmlSchemaValidCtxtPtr ctxt), (ctxt))
DYNLIB_FN(dynlib_xml2, xmlSchemaParserCtxtPtr, NULL, xmlSchemaNewParserCtxt, (const char *URL),
	  (URL))
DYNLIB_FN(dynlib_xml2, xmlSchemaValidCtxtPtr, NULL, xmlSchemaNewValidCtxt, (xmlSchemaPtr schema),
	  (schema))
DYNLIB_FN(dynlib_xml2, xmlSchemaPtr, NULL, xmlSchemaParse, (xmlSchemaParserCtxtPtr ctxt), (ctxt))
DYNLIB_VOID(dynlib_xml2, xmlSchemaSetParserStructuredErrors,
	    (xmlSchemaParserCtxtPtr ctxt, xmlStructuredErrorFunc serror, void *ctx),
	    (ctxt, serror, ctx))
DYNLIB_VOID(dynlib_xml2, xmlSchemaSetValidStructuredErrors,
	    (xmlSchemaValidCtxtPtr ctxt, xmlStructuredErrorFunc serror, void *ctx),
	    (ctxt, serror, ctx))
DYNLIB_FN(dynlib_xml2, int, -1, xmlSchemaValidateDoc,
	  (xmlSchemaValidCtxtPtr ctxt, xmlDocPtr instance), (ctxt, instance))

/*
 * xmlFree is a variable (a function pointer) in libxml2: ours points to a
 * forwarder that calls the library's.  With per-thread allocation hooks
 * it is a macro over the function __xmlFree instead.
 */
#ifdef xmlFree
DYNLIB_FN(dynlib_xml2, xmlFreeFunc *, NULL, __xmlFree, (void), ())
#else
static void free_fwd(void *p)
{
	xmlFreeFunc *f = dynlib_sym(&dynlib_xml2, "xmlFree");

	if (f && *f)
		(*f)(p);
}

xmlFreeFunc xmlFree = free_fwd;
#endif
