"""Helpers shared by the service and Dask tests (and ``bench/load_service.py``): starting the real
server on a free loopback port, and a deterministic generator of varied collection messages.

The messages are written for these tests (our own words). They mix the things rule packs look at
(threats, blame, shouting, jargon, empathy, options, facts, consequences) in random order and
length, so equality tests between code paths cover many different findings, not one template.
No tests live here; pytest collects this module and finds none.
"""

from __future__ import annotations

import contextlib
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

GREETINGS = ["Dear {name},", "Hi {name},", "Hello {name},", "{name},", "To the account holder,", ""]
FACTS = [
    "Your balance of ${amount} was due on {day} {month}.",
    "We have not yet received the payment of £{amount} that was due on {day} {month}.",
    "Your account ending {acct} shows ${amount} overdue since {day} {month}.",
    "The outstanding amount is ${amount}.",
    "Please remit the outstanding balance forthwith pursuant to the agreement.",
    "Please be advised that your account is in arrears.",
    "Payment is required as soon as possible.",
]
HARSH = [
    "FINAL WARNING!!! PAY NOW OR LEGAL ACTION.",
    "You have ignored every letter we sent.",
    "If you do not pay we will have you arrested.",
    "We will tell your employer and your family about this debt.",
    "You failed to pay again, which is frankly irresponsible.",
    "You have left us no choice.",
    "This will seriously damage your credit rating.",
    "Unless paid immediately we will take further action.",
    "We will sue you and seize your property.",
    "URGENT: respond within 24 hours!!!",
]
KIND = [
    "We understand that money can be tight, and we want to help.",
    "If something has made paying harder, please tell us.",
    "We can set up smaller monthly payments that suit your budget.",
    "Free, independent debt advice is available from MoneyHelper.",
    "Thank you for being a customer with us.",
    "You can ask us for more time if you need it.",
    "Is there anything that would make this easier for you?",
]
ACTIONS = [
    "You can pay at example.com/pay or by bank transfer.",
    "Call {contact} on 0800 123 4567, Monday to Friday, 9am to 5pm.",
    "Reply to this email to talk to a person.",
    "If we don't hear from you by {day} {month}, we will pass the account to a collection agency.",
    "If the account is still unpaid on {day} {month}, we will report it as late to the credit bureaus.",
    "You have the right to dispute this debt within 30 days.",
    "This communication is from a debt collector.",
    "Reply STOP to opt out of texts.",
]
CLOSINGS = ["Kind regards, {contact}", "Thanks, the Accounts Team", "Sincerely, Collections", ""]
NAMES = ["Sam", "Alex Morgan", "Ms Patel", "Jordan", "Chris O'Neil", "Dana"]
MONTHS = ["January", "March", "May", "June", "September", "November"]
CHANNELS = ["email", "email", "email", "sms", "letter", "voice"]


def synthetic_messages(count: int, seed: int = 7) -> list[dict[str, str]]:
    """`count` varied messages as ``{"id", "text", "channel"}`` dicts; the same for the same seed."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        values = {
            "name": rng.choice(NAMES),
            "amount": f"{rng.randint(20, 4000)}.{rng.randint(0, 99):02d}",
            "day": str(rng.randint(1, 28)),
            "month": rng.choice(MONTHS),
            "acct": str(rng.randint(1000, 9999)),
            "contact": rng.choice(["Priya", "Tom", "the Accounts Team"]),
        }
        parts = [rng.choice(GREETINGS)]
        body = rng.sample(FACTS, rng.randint(1, 2))
        body += rng.sample(HARSH, rng.choice([0, 0, 1, 2, 3]))
        body += rng.sample(KIND, rng.choice([0, 1, 2, 3]))
        body += rng.sample(ACTIONS, rng.randint(0, 3))
        rng.shuffle(body)
        parts.append(" ".join(body))
        parts.append(rng.choice(CLOSINGS))
        text = "\n\n".join(p for p in parts if p).format(**values)
        if rng.random() < 0.05:
            text = text.upper()
        out.append({"id": f"msg-{seed}-{i:05d}", "text": text, "channel": rng.choice(CHANNELS)})
    return out


def free_port() -> int:
    """A port that was free a moment ago on 127.0.0.1 (the server retries if it was taken)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def _tail(path: Path) -> str:
    try:
        return path.read_text(errors="replace")[-3000:]
    except OSError:
        return ""


@contextlib.contextmanager
def running_server(
    log_dir: Path,
    *,
    workers: int = 1,
    token: str | None = None,
    extra_args: list[str] | None = None,
    extra_env: dict[str, str] | None = None,
    startup_timeout: float = 90.0,
) -> Iterator[Server]:
    """Start ``python -m tonecheck.service`` on a free loopback port, wait for ``/healthz``,
    yield it, and stop it (SIGTERM, then SIGKILL) whatever happens in between."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONECHECK_")}
    env["PYTHONUNBUFFERED"] = "1"
    if token is not None:
        env["TONECHECK_API_TOKEN"] = token
    env.update(extra_env or {})
    last_error = ""
    for attempt in range(3):
        port = free_port()
        log = log_dir / f"server-{port}.log"
        cmd = [
            sys.executable,
            "-m",
            "tonecheck.service",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            *(extra_args or []),
        ]
        with log.open("wb") as sink:
            process = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            if _wait_healthy(url, process, startup_timeout, workers, log):
                yield Server(url=url, process=process, log=log)
                return
            last_error = _tail(log)
        finally:
            _stop(process)
        if "address already in use" not in last_error.lower():
            break
        del attempt
    raise RuntimeError(f"server did not start:\n{last_error}")


def _wait_healthy(
    url: str, process: subprocess.Popen[bytes], timeout: float, workers: int, log: Path
) -> bool:
    """Ready when every worker has printed its ready line and /healthz answers."""
    import httpx  # here, so the Dask tests can import this module without httpx installed

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if _tail_count(log, " ready (") >= workers:
            try:
                if httpx.get(url + "/healthz", timeout=2.0).status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
        time.sleep(0.2)
    return False


def _tail_count(path: Path, marker: str) -> int:
    try:
        return path.read_text(errors="replace").count(marker)
    except OSError:
        return 0


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
