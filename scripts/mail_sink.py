#!/usr/bin/env python3
"""A real SMTP server on loopback for the tests: receives mail through aiosmtpd and writes each
message, decoded, to DIR/<n>.json as {"from", "to", "subject", "text", "html"}.

Prints "listening on PORT" once ready (PORT is free, chosen by the OS unless --port is given)
and runs until killed."""

import argparse
import email
import email.policy
import json
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        parts = {"text": "", "html": ""}
        for part in message.walk():
            kind = part.get_content_type()
            if kind == "text/plain":
                parts["text"] = part.get_content()
            elif kind == "text/html":
                parts["html"] = part.get_content()
        self.count += 1
        record = {
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            **parts,
        }
        name = os.path.join(self.directory, f"{time.time_ns():020d}-{self.count:06d}")
        with open(name + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.replace(name + ".tmp", name + ".json")  # readers never see half a file
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    port = args.port or free_port()
    controller = Controller(Sink(args.dir), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"listening on {port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
