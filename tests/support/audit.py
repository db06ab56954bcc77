"""Helpers for the audit tests: synthetic archives in every source format, running the real
command in a subprocess, and reading every output back in a comparable form. (No tests here.)"""

from __future__ import annotations

import csv
import json
import mailbox
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any

#: The real console script when installed (the brief: test through `tonecheck audit`), else the
#: module entry point, which runs the same code.
_SCRIPT = shutil.which("tonecheck", path=str(Path(sys.executable).parent)) or shutil.which(
    "tonecheck"
)
AUDIT = [_SCRIPT, "audit"] if _SCRIPT else [sys.executable, "-m", "tonecheck.audit"]
MODULE = [sys.executable, "-m", "tonecheck.audit"]

AGENTS = ["Alice Brown", "Bob Singh", "Team North"]
CUSTOMERS = ["Sam Lee", "Maria Garcia", "Tom Jones", "Priya Patel"]
SENTENCES = [
    "You owe ${amount}.",
    "Please pay by {day} May.",
    "We understand this may be a difficult time.",
    "Call us on 0800 {p1} {p2} or reply to this e-mail.",
    "YOU MUST PAY NOW!!!",
    "If you do not pay, we will pass the account to a collection agency on 1 June.",
    "This communication is from a debt collector.",
    "Write to {email} to set up a payment plan.",
    "Failure to remit will result in further action.",
    "Thank you for your payment.",
    "We will have you arrested.",
    "You can pay online at example.com/pay.",
    "Your account number {account} is overdue.",
    "If you are struggling, free debt advice is available from MoneyHelper.",
]


def message(rng: random.Random, index: int) -> dict[str, Any]:
    """One deterministic synthetic message with personal data in it and some tone problems."""
    customer = rng.choice(CUSTOMERS)
    email_address = customer.lower().replace(" ", ".") + f"{index}@example.com"
    body = " ".join(rng.sample(SENTENCES, 5)).format(
        amount=rng.randint(20, 900),
        day=rng.randint(1, 28),
        p1=rng.randint(100, 999),
        p2=rng.randint(1000, 9999),
        email=email_address,
        account=rng.randint(10_000_000, 99_999_999),
    )
    return {
        "id": f"m{index}",
        "text": f"Dear {customer},\n\n{body}\n",
        "agent": rng.choice(AGENTS),
        "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "customer": customer,
        "email": email_address,
    }


def messages(count: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [message(rng, i) for i in range(count)]


def write_csv(
    path: Path, rows: Sequence[dict[str, Any]], delimiter: str = ",", text_key: str = "body"
) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["id", text_key, "agent", "date", "customer"])
        for r in rows:
            writer.writerow([r["id"], r["text"], r["agent"], r["date"], r["customer"]])
    return path


def write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for r in rows:
            record = {
                "id": r["id"],
                "text": r["text"],
                "agent": r["agent"],
                "date": r["date"],
                "context": {"name": r["customer"]},
            }
            handle.write(json.dumps(record) + "\n")
    return path


def email_message(r: dict[str, Any]) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"{r['agent']} <collections@agency.example>"
    msg["To"] = f"{r['customer']} <{r['email']}>"
    msg["Subject"] = "Your account"
    msg["Date"] = "Tue, 04 Mar 2025 10:00:00 +0000"
    msg["Message-ID"] = f"<{r['id']}@agency.example>"
    msg.set_content(r["text"])
    return msg


def write_mbox(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    box = mailbox.mbox(str(path), create=True)
    try:
        for r in rows:
            box.add(email_message(r))
        box.flush()
    finally:
        box.close()
    return path


def write_maildir(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    box = mailbox.Maildir(str(path), create=True)
    for r in rows:
        box.add(email_message(r))
    return path


def write_folder(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for i, r in enumerate(rows):
        if i % 2:
            (path / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
        else:
            (path / "sub").mkdir(exist_ok=True)
            (path / "sub" / f"{r['id']}.eml").write_bytes(bytes(email_message(r)))
    return path


def run_audit(
    args: Sequence[str | Path],
    cwd: Path,
    *,
    command: Sequence[str] = AUDIT,
    timeout: float = 240,
    preexec_fn: Any = None,
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("TONECHECK_SCREENSHOT_DIR", None)
    return subprocess.run(
        [*command, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        preexec_fn=preexec_fn,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The stderr of a failed run: exactly one line, no traceback."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


_TABLES = {
    "messages": "SELECT id, key, source, location, source_id, channel, stage, stage_detected, agent, date, text, redacted, report FROM messages ORDER BY id",
    "scores": "SELECT * FROM scores ORDER BY message_id",
    "findings": "SELECT * FROM findings ORDER BY id",
    "strengths": "SELECT * FROM strengths ORDER BY id",
    "input_errors": "SELECT * FROM input_errors ORDER BY id",
}


def db_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every result table (not `runs`, which differs by design) as sorted tuples."""
    db = sqlite3.connect(path)
    try:
        return {name: db.execute(query).fetchall() for name, query in _TABLES.items()}
    finally:
        db.close()


def jsonl_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]
