#!/usr/bin/env python3
"""A webhook receiver on loopback for the tests, verifying each delivery with the Standard
Webhooks reference library (PyPI `standardwebhooks`), not PartnerDesk's own code.

Each request is written to DIR/<n>.json as {"verified": bool, "secret": index or null,
"headers": {...}, "body": "..."}. The secrets to verify with are read from DIR/secrets (one
`whsec_…` per line, re-read at every request: the test writes it once it has created the
endpoint, and again after a rotation). A verified delivery gets 204, an unverified one 401; the
first --fail-first requests get 503 whatever they carry (to make the sender retry).

Prints "listening on PORT" once ready and runs until killed."""

import argparse
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    state = {"count": 0}

    def secrets():
        try:
            with open(os.path.join(args.dir, "secrets")) as f:
                return [line.strip() for line in f if line.strip()]
        except FileNotFoundError:
            return []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("content-length", 0))
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            verified_with = None
            for index, secret in enumerate(secrets()):
                try:
                    Webhook(secret).verify(body, headers)
                    verified_with = index
                    break
                except Exception:
                    continue
            state["count"] += 1
            n = state["count"]
            record = {
                "verified": verified_with is not None,
                "secret": verified_with,
                "headers": headers,
                "body": body.decode("utf-8", "replace"),
            }
            path = os.path.join(args.dir, f"{n}.json")
            with open(path + ".tmp", "w") as f:
                json.dump(record, f)
            os.replace(path + ".tmp", path)
            if n <= args.fail_first:
                status = 503
            else:
                status = 204 if verified_with is not None else 401
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
