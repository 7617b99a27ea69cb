/*
 * einvoice_viettel.c - the Viettel S-Invoice adapter (einvoice_send.h's
 * vtable) over its REST API, with libcurl and cJSON.
 *
 * The calls, as Viettel's public API documentation and existing
 * integrations use them (docs/einvoice.md):
 *   POST <host>/auth/login  {"username","password"} -> {"access_token",
 *        "expires_in"}; the token goes back as the cookie access_token;
 *   POST <base>/InvoiceAPI/InvoiceWS/createInvoice/<seller MST> with the
 *        invoice as JSON (generalInvoiceInfo, buyerInfo, sellerInfo,
 *        payments, itemInfo, taxBreakdowns, summarizeInfo) ->
 *        {"errorCode": null, "result": {"invoiceNo", "reservationCode"...}}
 *        or {"errorCode": "...", "description": "..."};
 *   POST <base>/InvoiceAPI/InvoiceWS/searchInvoiceByTransactionUuid
 *        (form: supplierTaxCode, transactionUuid) -> {"result": [...]};
 *   POST <base>/InvoiceAPI/InvoiceWS/cancelTransactionInvoice (form).
 * <base> is the configured endpoint (e.g. https://api-vinvoice.viettel.vn
 * /services/einvoiceapplication/api), <host> its scheme and authority.
 * transactionUuid is the sale's UUID: the invoice's key, so a look-up
 * after a lost answer finds an invoice created by the lost request.
 *
 * Answers: a JSON error is a rejection with Viettel's description; an
 * HTTP 5xx without one, a timeout or a dropped connection is "no definite
 * answer" (retry, looking the invoice up first); a refused connection or
 * a refused login stops the run.  Certificates are always verified.
 *
 * libcurl is loaded with dlopen() the first time a provider is opened,
 * not linked: with its TLS stack it would add tens of milliseconds to
 * every start of the program, the till's included, for a job done only
 * when sending.  The calls below go through the table `lc`.
 */
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "lib/alloc.h"
#include "einvoice_send.h"
#include "einvoice_xml.h"
#include "i18n.h"
#include "money.h"
#include "vntext.h"
#include "vnwords.h"

/* The libcurl functions used, resolved by lc_load(). */
static struct {
	void *h;
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *c);
	void (*easy_reset)(CURL *c);
	CURLcode (*easy_setopt)(CURL *c, CURLoption o, ...);
	CURLcode (*easy_perform)(CURL *c);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO i, ...);
	const char *(*easy_strerror)(CURLcode rc);
	char *(*easy_escape)(CURL *c, const char *s, int n);
	void (*free)(void *p);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
} lc;

#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_easy_init lc.easy_init
#define curl_easy_cleanup lc.easy_cleanup
#define curl_easy_reset lc.easy_reset
#define curl_easy_setopt lc.easy_setopt
#define curl_easy_perform lc.easy_perform
#define curl_easy_getinfo lc.easy_getinfo
#define curl_easy_strerror lc.easy_strerror
#define curl_easy_escape lc.easy_escape
#define curl_free lc.free
#define curl_slist_append lc.slist_append
#define curl_slist_free_all lc.slist_free_all

/* Load libcurl once; 0, or POS_ERR_IO naming what is missing. */
static int lc_load(struct pos_error *err)
{
	static const char *const names[] = { "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so" };
	void *h = NULL;
	size_t i;

	if (lc.h)
		return 0;
	for (i = 0; !h && i < sizeof(names) / sizeof(names[0]); i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return pos_fail(err, POS_ERR_IO,
				tr("cannot load libcurl to reach the e-invoice provider (install "
				   "the libcurl4 package): %s"), dlerror());
#define SYM(field, name) \
	if (!(*(void **)(&lc.field) = dlsym(h, name))) \
		goto bad
	SYM(easy_init, "curl_easy_init");
	SYM(easy_cleanup, "curl_easy_cleanup");
	SYM(easy_reset, "curl_easy_reset");
	SYM(easy_setopt, "curl_easy_setopt");
	SYM(easy_perform, "curl_easy_perform");
	SYM(easy_getinfo, "curl_easy_getinfo");
	SYM(easy_strerror, "curl_easy_strerror");
	SYM(easy_escape, "curl_easy_escape");
	SYM(free, "curl_free");
	SYM(slist_append, "curl_slist_append");
	SYM(slist_free_all, "curl_slist_free_all");
#undef SYM
	lc.h = h;
	return 0;
bad:
	dlclose(h);
	return pos_fail(err, POS_ERR_IO, "%s", tr("the libcurl found is missing functions"));
}

struct vt {
	CURL *c;
	char base[256];
	char auth_url[256];
	char token[1024];
	char user[128];
	char password[256];
	char tax[16];
	char ca[256];
	long timeout_ms;
};

struct resp {
	char *p;
	size_t n, cap;
	int overflow;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct resp *r = ud;
	size_t add = size * nmemb;

	if (r->overflow || r->n + add > 1024 * 1024 || POS_GROW(r->p, r->cap, r->n + add + 1)) {
		r->overflow = 1;
		return add;
	}
	memcpy(r->p + r->n, ptr, add);
	r->n += add;
	r->p[r->n] = '\0';
	return add;
}

/* POST body to url; *status the HTTP status (0 when none arrived).  The
 * curl result is returned. */
static CURLcode post(struct vt *v, const char *url, const char *ctype, const char *body,
		     int with_token, long *status, struct resp *out)
{
	struct curl_slist *h = NULL;
	char hdr[80], cookie[1100];
	CURLcode rc;

	curl_easy_reset(v->c);
	snprintf(hdr, sizeof(hdr), "Content-Type: %s", ctype);
	h = curl_slist_append(h, hdr);
	h = curl_slist_append(h, "Accept: application/json");
	curl_easy_setopt(v->c, CURLOPT_URL, url);
	curl_easy_setopt(v->c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(v->c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(v->c, CURLOPT_TIMEOUT_MS, v->timeout_ms);
	curl_easy_setopt(v->c, CURLOPT_CONNECTTIMEOUT_MS, v->timeout_ms < 10000 ? v->timeout_ms : 10000);
	curl_easy_setopt(v->c, CURLOPT_NOSIGNAL, 1L);
	/* never on a reused connection: libcurl re-sends a request whose
	 * reused connection turns out dead, and a create must not go twice
	 * without the look-up in between */
	curl_easy_setopt(v->c, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(v->c, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(v->c, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(v->c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(v->c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (v->ca[0])
		curl_easy_setopt(v->c, CURLOPT_CAINFO, v->ca);
	if (with_token) {
		snprintf(cookie, sizeof(cookie), "access_token=%s", v->token);
		curl_easy_setopt(v->c, CURLOPT_COOKIE, cookie);
	}
	curl_easy_setopt(v->c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(v->c, CURLOPT_WRITEDATA, out);
	rc = curl_easy_perform(v->c);
	*status = 0;
	curl_easy_getinfo(v->c, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(h);
	return rc;
}

/* A transport failure as an answer: refused connections stop the run;
 * anything after the request may have been sent is "unsure". */
static void transport_fail(CURLcode rc, struct einv_answer *a)
{
	a->outcome = EINV_RETRY;
	snprintf(a->reason, sizeof(a->reason), "%s", curl_easy_strerror(rc));
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
		a->fatal = 1;
		break;
	default:
		a->unsure = 1;
		break;
	}
}

/* The error in a JSON answer, or NULL: errorCode/description, or the
 * code/error/message/data shape of the gateway. */
static int json_error(const cJSON *j, char *reason, size_t n)
{
	const cJSON *ec = cJSON_GetObjectItemCaseSensitive(j, "errorCode");
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "description");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(j, "code");
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(j, "data");
	const char *why = NULL;

	if (ec && !cJSON_IsNull(ec))
		why = cJSON_IsString(d) ? d->valuestring :
		      cJSON_IsString(ec) ? ec->valuestring : "error";
	else if ((code && !cJSON_IsNull(code)) || (e && !cJSON_IsNull(e)))
		why = cJSON_IsString(data) ? data->valuestring :
		      cJSON_IsString(m) ? m->valuestring :
		      cJSON_IsString(e) ? e->valuestring : "error";
	if (!why)
		return 0;
	snprintf(reason, n, "%s", why);
	return 1;
}

static int login(struct vt *v, struct einv_answer *a)
{
	struct resp rs = { 0 };
	cJSON *o = cJSON_CreateObject(), *j = NULL;
	const cJSON *tok;
	char *body;
	long status;
	CURLcode rc;
	int ok = 0;

	if (!o)
		goto nomem;
	cJSON_AddStringToObject(o, "username", v->user);
	cJSON_AddStringToObject(o, "password", v->password);
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!body)
		goto nomem;
	rc = post(v, v->auth_url, "application/json", body, 0, &status, &rs);
	memset(body, 0, strlen(body));
	free(body);
	if (rc != CURLE_OK) {
		transport_fail(rc, a);
		a->fatal = 1;
		free(rs.p);
		return 0;
	}
	j = rs.p ? cJSON_Parse(rs.p) : NULL;
	tok = j ? cJSON_GetObjectItemCaseSensitive(j, "access_token") : NULL;
	if (status == 200 && cJSON_IsString(tok) && tok->valuestring[0] &&
	    strlen(tok->valuestring) < sizeof(v->token)) {
		snprintf(v->token, sizeof(v->token), "%s", tok->valuestring);
		ok = 1;
	} else {
		char why[200] = "";

		if (!j || !json_error(j, why, sizeof(why)))
			snprintf(why, sizeof(why), "HTTP %ld", status);
		a->outcome = EINV_RETRY;
		a->fatal = 1;
		snprintf(a->reason, sizeof(a->reason), "login refused by the provider: %s", why);
	}
	cJSON_Delete(j);
	free(rs.p);
	return ok;
nomem:
	a->outcome = EINV_RETRY;
	a->fatal = 1;
	snprintf(a->reason, sizeof(a->reason), "out of memory");
	return 0;
}

static int vt_open(const struct einv_provider_conf *c, void **state, struct pos_error *err)
{
	struct vt *v = calloc(1, sizeof(*v));
	const char *host, *slash;
	size_t n;

	if (!v)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory opening the e-invoice provider");
	if (lc_load(err)) {
		free(v);
		return POS_ERR_IO;
	}
	v->c = curl_easy_init();
	if (!v->c) {
		free(v);
		return pos_fail(err, POS_ERR_NO_MEM, "cannot start libcurl");
	}
	snprintf(v->base, sizeof(v->base), "%s", c->endpoint);
	n = strlen(v->base);
	while (n && v->base[n - 1] == '/')
		v->base[--n] = '\0';
	host = strstr(v->base, "://");
	host = host ? host + 3 : v->base;
	slash = strchr(host, '/');
	n = slash ? (size_t)(slash - v->base) : strlen(v->base);
	snprintf(v->auth_url, sizeof(v->auth_url), "%.*s/auth/login", (int)n, v->base);
	snprintf(v->user, sizeof(v->user), "%s", c->user);
	snprintf(v->password, sizeof(v->password), "%s", c->password);
	snprintf(v->tax, sizeof(v->tax), "%s", c->seller_tax_code);
	if (c->ca_file)
		snprintf(v->ca, sizeof(v->ca), "%s", c->ca_file);
	v->timeout_ms = c->timeout_ms > 0 ? c->timeout_ms : 60000;
	*state = v;
	return 0;
}

static void vt_close(void *state)
{
	struct vt *v = state;

	if (!v)
		return;
	curl_easy_cleanup(v->c);
	memset(v->password, 0, sizeof(v->password));
	memset(v->token, 0, sizeof(v->token));
	free(v);
}

/* Milliseconds since the epoch of a UTC timestamp or a local date. */
static double ms_of(const char *ts_or_date)
{
	time_t t;
	char ts[24];

	if (strlen(ts_or_date) == 10) {
		snprintf(ts, sizeof(ts), "%sT00:00:00Z", ts_or_date);
		if (clock_parse_utc(ts, &t, NULL) == 0)
			return ((double)t - CLOCK_VN_OFFSET) * 1000.0;
		return 0;
	}
	return clock_parse_utc(ts_or_date, &t, NULL) == 0 ? (double)t * 1000.0 : 0;
}

static int viettel_rate(int rate)
{
	return rate < 0 ? -2 : rate;    /* -2: not subject to VAT (KCT) */
}

/* The createInvoice body of d. */
static char *invoice_json(const struct vt *v, const struct einv_doc *d)
{
	const struct sale_doc *s = &d->sale;
	const struct einv_row *e = &d->inv;
	int adjust = strcmp(e->kind, "adjust") == 0, replace = strcmp(e->kind, "replace") == 0;
	cJSON *o = cJSON_CreateObject(), *g, *b, *sl, *pays, *p, *items, *it, *tb, *t, *sum;
	char tmpl[16], words[VNWORDS_MAX], *out = NULL;
	size_t i;
	int cash = 0, other = 0;

	if (!o)
		return NULL;
	snprintf(tmpl, sizeof(tmpl), "%d/001", e->form);
	g = cJSON_AddObjectToObject(o, "generalInvoiceInfo");
	cJSON_AddStringToObject(g, "transactionUuid", s->uuid);
	cJSON_AddStringToObject(g, "invoiceType", e->form == 1 ? "1" : "2");
	cJSON_AddStringToObject(g, "templateCode", tmpl);
	cJSON_AddStringToObject(g, "invoiceSeries", e->series);
	cJSON_AddNumberToObject(g, "invoiceNo", (double)e->number);
	cJSON_AddStringToObject(g, "mttCode", e->mtt_code);
	cJSON_AddNumberToObject(g, "invoiceIssuedDate", ms_of(e->issued_at));
	cJSON_AddStringToObject(g, "currencyCode", "VND");
	cJSON_AddStringToObject(g, "adjustmentType", adjust ? "5" : replace ? "3" : "1");
	cJSON_AddBoolToObject(g, "paymentStatus", 1);
	cJSON_AddBoolToObject(g, "cusGetInvoiceRight", 1);
	cJSON_AddNumberToObject(g, "validation", 1);
	if (adjust || replace) {
		cJSON_AddStringToObject(g, "adjustmentInvoiceType", adjust ? "1" : "");
		cJSON_AddStringToObject(g, "originalInvoiceId", e->ref_provider_no);
		cJSON_AddNumberToObject(g, "originalInvoiceIssueDate", ms_of(e->ref_date));
		cJSON_AddStringToObject(g, "originalTemplateCode", tmpl);
		cJSON_AddStringToObject(g, "additionalReferenceDesc", s->receipt_no);
		cJSON_AddNumberToObject(g, "additionalReferenceDate", ms_of(e->issued_at));
	}
	b = cJSON_AddObjectToObject(o, "buyerInfo");
	cJSON_AddStringToObject(b, "buyerName", s->buyer_name);
	cJSON_AddStringToObject(b, "buyerTaxCode", s->buyer_tax_code);
	cJSON_AddStringToObject(b, "buyerAddressLine", s->buyer_address);
	cJSON_AddStringToObject(b, strchr(s->buyer_contact, '@') ? "buyerEmail" : "buyerPhoneNumber",
				s->buyer_contact);
	cJSON_AddNumberToObject(b, "buyerNotGetInvoice", s->buyer_name[0] ? 0 : 1);
	sl = cJSON_AddObjectToObject(o, "sellerInfo");
	cJSON_AddStringToObject(sl, "sellerLegalName", s->seller_name);
	cJSON_AddStringToObject(sl, "sellerTaxCode", s->seller_tax_code);
	cJSON_AddStringToObject(sl, "sellerAddressLine", s->seller_address);
	cJSON_AddStringToObject(sl, "sellerPhoneNumber", s->seller_phone);
	pays = cJSON_AddArrayToObject(o, "payments");
	for (i = 0; i < s->npay; i++) {
		if (s->pay[i].method == PAY_CASH)
			cash = 1;
		else
			other = 1;
	}
	p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "paymentMethodName", cash && other ? "TM/CK" : other ? "CK" : "TM");
	cJSON_AddItemToArray(pays, p);
	items = cJSON_AddArrayToObject(o, "itemInfo");
	if (replace) {
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "lineNumber", 1);
		cJSON_AddNumberToObject(it, "selection", 2);
		cJSON_AddStringToObject(it, "itemName", s->reason[0] ? s->reason : "Hủy giao dịch");
		cJSON_AddItemToArray(items, it);
	}
	for (i = 0; !replace && i < s->nlines; i++) {
		const struct sale_doc_line *l = &s->lines[i];
		int64_t net = l->amount - l->vat;

		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "lineNumber", (double)(i + 1));
		cJSON_AddNumberToObject(it, "selection", 1);
		cJSON_AddStringToObject(it, "itemCode", l->sku);
		cJSON_AddStringToObject(it, "itemName", l->name);
		cJSON_AddStringToObject(it, "unitName", l->unit);
		cJSON_AddNumberToObject(it, "quantity", (double)l->qty_milli / 1000.0);
		cJSON_AddNumberToObject(it, "unitPrice", (double)l->unit_price);
		cJSON_AddNumberToObject(it, "discount", (double)l->discount);
		cJSON_AddNumberToObject(it, "taxPercentage", viettel_rate(l->vat_rate));
		cJSON_AddNumberToObject(it, "itemTotalAmountWithoutTax", (double)net);
		cJSON_AddNumberToObject(it, "taxAmount", (double)l->vat);
		cJSON_AddNumberToObject(it, "itemTotalAmountWithTax", (double)l->amount);
		if (adjust) {
			cJSON_AddBoolToObject(it, "isIncreaseItem", 0);
			cJSON_AddNumberToObject(it, "adjustmentTaxAmount", (double)l->vat);
		}
		cJSON_AddItemToArray(items, it);
	}
	tb = cJSON_AddArrayToObject(o, "taxBreakdowns");
	for (i = 0; !replace && i < s->nrates; i++) {
		t = cJSON_CreateObject();
		cJSON_AddNumberToObject(t, "taxPercentage", viettel_rate(s->rates[i].rate));
		cJSON_AddNumberToObject(t, "taxableAmount", (double)s->rates[i].net);
		cJSON_AddNumberToObject(t, "taxAmount", (double)s->rates[i].vat);
		cJSON_AddBoolToObject(t, "taxableAmountPos", !adjust);
		cJSON_AddBoolToObject(t, "taxAmountPos", !adjust);
		cJSON_AddItemToArray(tb, t);
	}
	sum = cJSON_AddObjectToObject(o, "summarizeInfo");
	cJSON_AddNumberToObject(sum, "totalAmountWithoutTax", replace ? 0 : (double)(s->total - s->vat));
	cJSON_AddNumberToObject(sum, "totalTaxAmount", replace ? 0 : (double)s->vat);
	cJSON_AddNumberToObject(sum, "totalAmountWithTax", replace ? 0 : (double)s->total);
	cJSON_AddNumberToObject(sum, "discountAmount", replace ? 0 : (double)s->discount);
	vnwords_amount(replace ? 0 : s->total, 0, words, sizeof(words));
	cJSON_AddStringToObject(sum, "totalAmountWithTaxInWords", words);
	cJSON_AddBoolToObject(sum, "isTotalAmountPos", !adjust);
	out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	(void)v;
	return out;
}

/* Read a createInvoice/cancel answer into a. */
static void read_answer(CURLcode rc, long status, const struct resp *rs, struct einv_answer *a,
			const char *fallback_no)
{
	cJSON *j;
	const cJSON *res, *no;

	if (rc != CURLE_OK) {
		transport_fail(rc, a);
		return;
	}
	j = rs->p ? cJSON_Parse(rs->p) : NULL;
	if (j && json_error(j, a->reason, sizeof(a->reason))) {
		a->outcome = EINV_REJECT;
		cJSON_Delete(j);
		return;
	}
	if (status >= 200 && status < 300) {
		res = j ? cJSON_GetObjectItemCaseSensitive(j, "result") : NULL;
		no = res ? cJSON_GetObjectItemCaseSensitive(res, "invoiceNo") : NULL;
		a->outcome = EINV_OK;
		snprintf(a->provider_no, sizeof(a->provider_no), "%s",
			 cJSON_IsString(no) ? no->valuestring : fallback_no);
	} else {
		a->outcome = EINV_RETRY;
		a->unsure = 1;
		snprintf(a->reason, sizeof(a->reason), "the provider answered HTTP %ld", status);
	}
	cJSON_Delete(j);
}

static char *form_enc(CURL *c, const char *k1, const char *v1, const char *k2, const char *v2)
{
	char *e1 = curl_easy_escape(c, v1, 0), *e2 = curl_easy_escape(c, v2, 0), *out = NULL;
	size_t n;

	if (e1 && e2) {
		n = strlen(k1) + strlen(e1) + strlen(k2) + strlen(e2) + 4;
		out = malloc(n);
		if (out)
			snprintf(out, n, "%s=%s&%s=%s", k1, e1, k2, e2);
	}
	curl_free(e1);
	curl_free(e2);
	return out;
}

static void vt_lookup(void *state, const struct einv_doc *d, struct einv_answer *a)
{
	struct vt *v = state;
	struct resp rs = { 0 };
	char url[400], *body;
	long status;
	CURLcode rc;
	cJSON *j;
	const cJSON *res, *first, *no;

	if (!v->token[0] && !login(v, a))
		return;
	snprintf(url, sizeof(url), "%s/InvoiceAPI/InvoiceWS/searchInvoiceByTransactionUuid", v->base);
	body = form_enc(v->c, "supplierTaxCode", v->tax, "transactionUuid", d->sale.uuid);
	if (!body) {
		a->outcome = EINV_RETRY;
		snprintf(a->reason, sizeof(a->reason), "out of memory");
		return;
	}
	rc = post(v, url, "application/x-www-form-urlencoded", body, 1, &status, &rs);
	free(body);
	if (rc != CURLE_OK) {
		transport_fail(rc, a);
		free(rs.p);
		return;
	}
	j = rs.p ? cJSON_Parse(rs.p) : NULL;
	res = j ? cJSON_GetObjectItemCaseSensitive(j, "result") : NULL;
	first = cJSON_IsArray(res) ? cJSON_GetArrayItem(res, 0) : NULL;
	no = first ? cJSON_GetObjectItemCaseSensitive(first, "invoiceNo") : NULL;
	if (status == 200 && cJSON_IsString(no)) {
		a->outcome = EINV_OK;
		snprintf(a->provider_no, sizeof(a->provider_no), "%s", no->valuestring);
	} else if (status == 200 || (status >= 400 && status < 500 && status != 401)) {
		a->outcome = EINV_ABSENT;
	} else {
		a->outcome = EINV_RETRY;
		snprintf(a->reason, sizeof(a->reason), "look-up: HTTP %ld", status);
		if (status == 401)
			v->token[0] = '\0';
	}
	cJSON_Delete(j);
	free(rs.p);
}

static void vt_cancel(struct vt *v, const struct einv_doc *d, struct einv_answer *a)
{
	struct resp rs = { 0 };
	char url[400], body[1600], ms[32], *e_no, *e_reason, *e_ref;
	long status;
	CURLcode rc;

	snprintf(url, sizeof(url), "%s/InvoiceAPI/InvoiceWS/cancelTransactionInvoice", v->base);
	snprintf(ms, sizeof(ms), "%.0f", ms_of(d->inv.ref_date));
	e_no = curl_easy_escape(v->c, d->inv.ref_provider_no, 0);
	e_reason = curl_easy_escape(v->c, d->sale.reason[0] ? d->sale.reason : "Hủy giao dịch", 0);
	e_ref = curl_easy_escape(v->c, d->sale.receipt_no, 0);
	snprintf(body, sizeof(body), "supplierTaxCode=%s&templateCode=%d%%2F001&invoiceNo=%s&"
		 "strIssueDate=%s&additionalReferenceDesc=%s&additionalReferenceDate=%s&"
		 "reasonDelete=%s", v->tax, d->inv.form, e_no ? e_no : "", ms, e_ref ? e_ref : "",
		 ms, e_reason ? e_reason : "");
	curl_free(e_no);
	curl_free(e_reason);
	curl_free(e_ref);
	rc = post(v, url, "application/x-www-form-urlencoded", body, 1, &status, &rs);
	read_answer(rc, status, &rs, a, d->inv.ref_provider_no);
	if (status == 401)
		v->token[0] = '\0';
	free(rs.p);
}

static void vt_submit(void *state, const struct einv_doc *d, struct einv_answer *a)
{
	struct vt *v = state;
	struct resp rs = { 0 };
	char url[400], *body;
	long status = 0;
	CURLcode rc;
	int round;

	for (round = 0; round < 2; round++) {
		memset(a, 0, sizeof(*a));
		if (!v->token[0] && !login(v, a))
			return;
		if (strcmp(d->inv.kind, "cancel") == 0) {
			vt_cancel(v, d, a);
		} else {
			snprintf(url, sizeof(url), "%s/InvoiceAPI/InvoiceWS/createInvoice/%s", v->base,
				 v->tax);
			body = invoice_json(v, d);
			if (!body) {
				a->outcome = EINV_RETRY;
				snprintf(a->reason, sizeof(a->reason), "out of memory");
				return;
			}
			memset(&rs, 0, sizeof(rs));
			rc = post(v, url, "application/json", body, 1, &status, &rs);
			free(body);
			if (rc == CURLE_OK && status == 401) {
				free(rs.p);
				v->token[0] = '\0';    /* token expired: log in again once */
				a->outcome = EINV_RETRY;
				snprintf(a->reason, sizeof(a->reason), "the provider refused the token");
				continue;
			}
			read_answer(rc, status, &rs, a, "");
			free(rs.p);
		}
		return;
	}
}

const struct einv_provider_ops einv_viettel_ops = {
	"viettel", vt_open, vt_lookup, vt_submit, vt_close,
};
