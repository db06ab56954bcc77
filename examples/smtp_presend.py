"""Gate an application's outgoing mail with tonecheck before it reaches the SMTP server.

Run it against a local debugging SMTP server, or with --dry-run to see the verdicts only:

    python examples/smtp_presend.py --dry-run
    python -m aiosmtpd -n -l localhost:8025 &      # any SMTP server that accepts mail
    python examples/smtp_presend.py --port 8025

`GatedSMTP` is a drop-in `smtplib.SMTP`: code that already calls `send_message` keeps working,
and a message that fails the tone check raises `MessageRefused` instead of being sent. A
person can still send it by adding an `X-Tonecheck-Override: <reason>` header; the override
is written to the log, never the body.
"""

from __future__ import annotations

import argparse
import logging
import smtplib
import sys
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import tonecheck
from tonecheck.hook import Verdict, presend, save_draft

log = logging.getLogger("tonecheck.presend")


class MessageRefused(Exception):
    """The message failed the tone check; `verdict.reasons` says why."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__("; ".join(verdict.reasons))
        self.verdict = verdict


class GatedSMTP(smtplib.SMTP):
    """`smtplib.SMTP` whose `send_message` checks the tone first.

    One Checker is built per process (it takes a second or two) and shared by every
    connection, so the check itself costs milliseconds."""

    fail_on = "error"

    def send_message(self, msg: Any, *args: Any, **kwargs: Any) -> Any:
        verdict = presend(msg, fail_on=self.fail_on, checker=tonecheck.default_checker())
        if not verdict.allowed:
            # keep the exact message so nobody has to write it again
            path = save_draft(bytes(msg))
            log.warning("refused %s, saved to %s", msg.get("Message-ID"), path)
            raise MessageRefused(verdict)
        if verdict.override is not None:
            log.warning("override for %s: %s", msg.get("Message-ID"), verdict.override)
        return super().send_message(msg, *args, **kwargs)


def _message(body: str, override: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Acme Lending <support@acme-lending.example>"
    msg["To"] = "Sam Lee <sam.lee@example.com>"
    msg["Subject"] = "About your account"
    msg["Message-ID"] = make_msgid(domain="acme-lending.example")
    if override:
        msg["X-Tonecheck-Override"] = override
    msg.set_content(body)
    return msg


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dry-run", action="store_true", help="only print the verdicts")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    friendly = _message(
        "Hi Sam, your payment of $45.00 was due on 1 November 2025. You can pay at "
        "acme-lending.example/pay, or reply to set up a plan if now is a hard time."
    )
    harsh = _message("Pay the $45.00 now or we will have you arrested.")
    overridden = _message(
        "Pay the $45.00 now or we will have you arrested.",
        override="training example: shows the override path",
    )
    for name, msg in [("friendly", friendly), ("harsh", harsh), ("overridden", overridden)]:
        if args.dry_run:
            verdict = presend(msg)
            print(f"{name}: allowed={verdict.allowed} override={verdict.override!r}")
            for reason in verdict.reasons:
                print(f"  {reason}")
            continue
        try:
            with GatedSMTP(args.host, args.port, timeout=10) as smtp:
                smtp.send_message(msg)
            print(f"{name}: sent")
        except MessageRefused as refused:
            print(f"{name}: refused: {refused}")
        except OSError as exc:
            print(f"{name}: SMTP server not reachable ({exc}); try --dry-run", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
