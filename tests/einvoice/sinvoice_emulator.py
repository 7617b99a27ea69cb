#!/usr/bin/env python3
"""sinvoice_emulator.py - a stand-in for Viettel S-Invoice's REST API, for
the e-invoice tests (tests/cli/einvoice_cli.sh).  Written for ocop-pos;
it follows the request/answer shapes ocop-pos's adapter uses
(src/core/einvoice_viettel.c), learnt from public documentation.

  sinvoice_emulator.py CERT KEY PORTFILE USER PASSWORD

Listens with TLS on 127.0.0.1, on a free port written to PORTFILE.
  POST /auth/login                    {"username","password"} -> token
  POST .../InvoiceWS/createInvoice/MST  (cookie access_token)
  POST .../InvoiceWS/searchInvoiceByTransactionUuid  (form)
  POST .../InvoiceWS/cancelTransactionInvoice        (form)
  POST /_ctl  {"mode": accept|reject|slow|5xx|drop, "count": N, "delay": S}
              the next N createInvoice calls behave so; {"token_uses": N}
              makes new tokens expire (401) after N requests (null: never)
  GET  /_ctl  the state: invoices by transactionUuid, call counts
Invoices are keyed by transactionUuid: a create for a key it already has
is counted in "duplicates" (the client should have looked it up first)
and answered with the stored invoice.
"""
import json
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CERT, KEY, PORTFILE, USER, PASSWORD = sys.argv[1:6]
lock = threading.Lock()
state = {"invoices": {}, "creates": 0, "duplicates": 0, "logins": 0, "bad_logins": 0,
         "lookups": 0, "cancels": [], "rejected": 0, "errors5xx": 0, "dropped": 0}
modes = []          # queue of behaviours for the next creates
tokens = {}         # token -> requests it may still make (None: unlimited)
token_uses = [None]  # uses of each new token ({"token_uses": N} in /_ctl)
numbers = {}        # series -> last number given


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def answer(self, code, obj):
        body = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def authed(self):
        c = self.headers.get("Cookie") or ""
        for part in c.split(";"):
            k, _, v = part.strip().partition("=")
            with lock:
                if k == "access_token" and v in tokens:
                    left = tokens[v]
                    if left is None:
                        return True
                    if left > 0:
                        tokens[v] = left - 1
                        return True
        return False

    def do_GET(self):
        if self.path == "/_ctl":
            with lock:
                self.answer(200, state)
        else:
            self.answer(404, {"error": "not_found"})

    def do_POST(self):
        raw = self.body()
        path = urllib.parse.urlparse(self.path).path
        if path == "/_ctl":
            req = json.loads(raw or b"{}")
            with lock:
                if "token_uses" in req:
                    token_uses[0] = req["token_uses"]
                if "mode" in req:
                    modes.extend([req] * int(req.get("count", 1)))
            return self.answer(200, {"ok": True})
        if path == "/auth/login":
            req = json.loads(raw or b"{}")
            with lock:
                if req.get("username") == USER and req.get("password") == PASSWORD:
                    state["logins"] += 1
                    tok = "tok-%d" % state["logins"]
                    tokens[tok] = token_uses[0]
                    return self.answer(200, {"access_token": tok, "token_type": "bearer",
                                             "expires_in": 300})
                state["bad_logins"] += 1
            return self.answer(401, {"error": "invalid_grant", "message": "Bad credentials"})
        if not self.authed():
            return self.answer(401, {"error": "unauthorized", "message": "token"})
        if "/InvoiceWS/createInvoice/" in path:
            return self.create(json.loads(raw))
        form = dict(urllib.parse.parse_qsl(raw.decode()))
        if path.endswith("/InvoiceWS/searchInvoiceByTransactionUuid"):
            with lock:
                state["lookups"] += 1
                inv = state["invoices"].get(form.get("transactionUuid", ""))
            if inv:
                return self.answer(200, {"errorCode": None, "description": None,
                                         "result": [{"invoiceNo": inv["invoiceNo"],
                                                     "transactionUuid": inv["uuid"]}]})
            return self.answer(200, {"errorCode": "NOT_FOUND_DATA",
                                     "description": "Không tìm thấy", "result": None})
        if path.endswith("/InvoiceWS/cancelTransactionInvoice"):
            with lock:
                state["cancels"].append(form.get("invoiceNo", ""))
            return self.answer(200, {"errorCode": None, "description": None})
        return self.answer(404, {"error": "not_found"})

    def create(self, inv):
        g = inv.get("generalInvoiceInfo", {})
        uuid = g.get("transactionUuid", "")
        with lock:
            mode = modes.pop(0) if modes else {"mode": "accept"}
        m = mode.get("mode", "accept")
        if m == "5xx":
            with lock:
                state["errors5xx"] += 1
            return self.answer(503, {"status": 503, "message": "Service Unavailable"})
        if m == "reject":
            with lock:
                state["rejected"] += 1
            return self.answer(200, {"errorCode": "INVOICE_TAX_ERROR",
                                     "description": mode.get("reason", "Thuế suất không hợp lệ"),
                                     "result": None})
        if not uuid or not inv.get("sellerInfo", {}).get("sellerTaxCode"):
            return self.answer(200, {"errorCode": "BAD_REQUEST",
                                     "description": "thiếu transactionUuid", "result": None})
        with lock:
            state["creates"] += 1
            old = state["invoices"].get(uuid)
            if old:
                state["duplicates"] += 1
                rec = old
            else:
                series = g.get("invoiceSeries", "")
                numbers[series] = numbers.get(series, 0) + 1
                rec = {"uuid": uuid, "invoiceNo": "%s%d" % (series, numbers[series]),
                       "series": series, "adjustmentType": g.get("adjustmentType"),
                       "originalInvoiceId": g.get("originalInvoiceId", ""),
                       "mttCode": g.get("mttCode", ""),
                       "total": inv.get("summarizeInfo", {}).get("totalAmountWithTax"),
                       "words": inv.get("summarizeInfo", {}).get("totalAmountWithTaxInWords"),
                       "items": len(inv.get("itemInfo", []))}
                state["invoices"][uuid] = rec
        if m == "slow":
            time.sleep(float(mode.get("delay", 3)))
        if m == "drop":
            with lock:
                state["dropped"] += 1
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            return
        return self.answer(200, {"errorCode": None, "description": None,
                                 "result": {"supplierTaxCode": inv["sellerInfo"]["sellerTaxCode"],
                                            "invoiceNo": rec["invoiceNo"],
                                            "transactionID": "T-" + uuid,
                                            "reservationCode": "R" + uuid[:8].upper()}})


def main():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    # a client that gave up (timeout, kill) is part of the tests: no traces
    srv.handle_error = lambda request, address: None
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(CERT, KEY)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(PORTFILE + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    import os
    os.rename(PORTFILE + ".tmp", PORTFILE)
    srv.serve_forever()


if __name__ == "__main__":
    main()
