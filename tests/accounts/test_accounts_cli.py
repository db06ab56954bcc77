"""`tonecheck audit --account-column`: histories from a CSV export, findings in the stores."""

from __future__ import annotations

import csv
import json
import mailbox
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import time
from contextlib import closing
from email.message import EmailMessage
from pathlib import Path
from xml.etree import ElementTree

from tests.support.audit import AUDIT, one_line_error, run_audit
from tonecheck.accounts import HistoryStore
from tonecheck.accounts.generator import ROW_COLUMNS, account_name, as_row, generate, planted

ACCOUNTS = 36
#: Scores in the CLI come from the real checker, not the generator, so the score-based rule is
#: compared in tests/test_accounts_audit.py only.
SCORED = "account.tone-escalation"


def _export(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=ROW_COLUMNS)
        writer.writeheader()
        for record in generate(ACCOUNTS, seed=11, block=12):
            writer.writerow(as_row(record))
    return path


ARGS = [
    "--account-column", "account", "--date-column", "at", "--event-column", "event",
    "--direction-column", "direction", "--channel-column", "channel",
    "--context-column", "amount=amount", "--context-column", "due_date=due_date",
    "--context-column", "jurisdiction=jurisdiction", "--workers", "1", "-q",
]  # fmt: skip


def _found(rows: list[tuple[str, str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for account, rule in rows:
        found.setdefault(account, set()).add(rule)
    return found


def test_account_audit_to_sqlite_finds_the_planted(tmp_path: Path) -> None:
    source = _export(tmp_path / "log.csv")
    result = run_audit([source, "--out", tmp_path / "a.db", *ARGS], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "account findings" in result.stdout
    with sqlite3.connect(tmp_path / "a.db") as db:
        rows = db.execute("SELECT account, rule FROM account_findings").fetchall()
        kinds = {k for (k,) in db.execute("SELECT kind FROM account_findings")}
        errors = db.execute("SELECT count(*) FROM input_errors").fetchone()[0]
        messages = db.execute("SELECT count(*) FROM messages").fetchone()[0]
    assert kinds == {"account"} and errors == 0 and messages > ACCOUNTS
    found = _found(rows)
    for index in range(ACCOUNTS):
        rule = planted(index, seed=11)
        expected = {rule} - {SCORED, None}
        assert found.get(account_name(index), set()) - {SCORED} == expected, index
    # A second run resumes (nothing new) and leaves the same findings, not twice as many.
    again = run_audit([source, "--out", tmp_path / "a.db", *ARGS], tmp_path)
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(tmp_path / "a.db") as db:
        assert sorted(db.execute("SELECT account, rule FROM account_findings")) == sorted(rows)


def _report(tmp_path: Path) -> Path:
    source = _export(tmp_path / "log.csv")
    out = tmp_path / "a.db"
    result = run_audit([source, "--out", out, "--report", tmp_path / "r.html", *ARGS], tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "r.html"


def test_report_has_accounts_section_and_timelines(tmp_path: Path) -> None:
    page = _report(tmp_path).read_text(encoding="utf-8")
    start = page.index('<section id="accounts">')
    section = page[start : page.index("</section>", start)]
    assert "account.after-stop" in section or "account.after-dispute" in section
    svgs = re.findall(r'<svg class="chart account-timeline".*?</svg>', section, re.S)
    assert 1 <= len(svgs) <= 10
    for svg in svgs:
        root = ElementTree.fromstring(svg)  # well-formed, so the browser draws all of it
        tags = [el.tag.rsplit("}", 1)[-1] for el in root.iter()]
        assert "circle" in tags and "rect" in tags
        assert any(el.get("class") == "finding" for el in root.iter())


def test_timeline_renders_in_chromium(tmp_path: Path) -> None:
    from tests.audit.test_report_html import CHROMIUM, _browser

    sync_playwright = _browser().sync_playwright  # skips without playwright and chromium
    path = _report(tmp_path)
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda err: problems.append(str(err)))
            page.goto(path.resolve().as_uri(), wait_until="load")
            boxes = page.eval_on_selector_all(
                "svg.account-timeline",
                "els => els.map(e => { const r = e.getBoundingClientRect(); "
                "return [r.width, r.height, e.querySelectorAll('circle.msg').length, "
                "e.querySelectorAll('rect.finding').length]; })",
            )
        finally:
            browser.close()
    assert not problems, problems
    assert boxes and all(
        w > 300 and h > 40 and dots > 0 and bands > 0 for w, h, dots, bands in boxes
    )


def test_account_audit_to_jsonl_writes_account_records(tmp_path: Path) -> None:
    source = _export(tmp_path / "log.csv")
    result = run_audit([source, "--out", tmp_path / "a.jsonl", *ARGS], tmp_path)
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "a.jsonl.accounts.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records and {r["kind"] for r in records} == {"account"}
    assert all(r["records"] and r["reference"] for r in records)


def test_event_column_needs_account_column(tmp_path: Path) -> None:
    source = _export(tmp_path / "log.csv")
    result = run_audit(
        [source, "--out", tmp_path / "a.db", "--event-column", "event", "-q"], tmp_path
    )
    assert result.returncode == 2
    assert "--account-column" in one_line_error(result)


def _done(path: Path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)) as db:
            return int(db.execute("SELECT done FROM audit_state").fetchone()[0])
    except (sqlite3.Error, TypeError):
        return -1


def _account_rows(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(
            'SELECT account, rule, "check", severity, start, "end", records FROM account_findings '
            "ORDER BY account, rule, start"
        ).fetchall()


def test_kill_9_mid_account_audit_resumes_to_the_same_findings(tmp_path: Path) -> None:
    source = _export(tmp_path / "log.csv")
    reference = run_audit([source, "--out", tmp_path / "ref.db", *ARGS], tmp_path)
    assert reference.returncode == 0, reference.stderr
    target = tmp_path / "killed.db"
    rng = random.Random(15)
    landed = []
    for _ in range(3):
        before = max(0, _done(target))
        proc = subprocess.Popen(
            [*AUDIT, source, "--out", target, *ARGS, "--batch-size", "8"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        goal = before + rng.randint(5, 40)
        deadline = time.monotonic() + 240
        while _done(target) < goal and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.3))
        if proc.poll() is not None:
            break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        landed.append(_done(target))
    assert landed and landed[0] > 0, landed
    final = run_audit([source, "--out", target, *ARGS], tmp_path)
    assert final.returncode == 0, final.stderr
    assert _account_rows(target) == _account_rows(tmp_path / "ref.db")
    assert len(_account_rows(target)) > 10


def test_mbox_groups_by_correspondent_and_thread(tmp_path: Path) -> None:
    box = mailbox.mbox(tmp_path / "sent.mbox")
    sent = [
        ("Sam Lee <Sam@Example.com>", "Mon, 04 Mar 2024 23:10:00 -0500", "<a1@x>", None),
        ("sam@example.com", "Tue, 05 Mar 2024 10:00:00 -0500", "<a2@x>", "<a1@x>"),
        ("Maria <maria@example.com>", "Tue, 05 Mar 2024 10:00:00 -0500", "<b1@x>", None),
    ]
    for to, date, message_id, parent in sent:
        message = EmailMessage()
        message["From"] = "Collections <team@agency.example>"
        message["To"], message["Date"], message["Message-ID"] = to, date, message_id
        if parent:
            message["In-Reply-To"] = message["References"] = parent
        message["Subject"] = "Your account"
        message.set_content("We have not received the $120 that was due. Please call us.")
        box.add(message)
    box.flush()
    result = run_audit(
        [tmp_path / "sent.mbox", "--out", tmp_path / "m.db", "--account-column", "To", "-q",
         "--workers", "1"],
        tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with closing(sqlite3.connect(tmp_path / "m.db")) as db:
        rows = db.execute("SELECT account, rule, records FROM account_findings").fetchall()
    assert [(a, r) for a, r, _ in rows] == [("sam@example.com", "account.time-of-day")]
    assert json.loads(rows[0][2])[0]["id"] == "a1@x"
    with HistoryStore(tmp_path / "m.db.accounts.sqlite") as store:
        threads = {r.thread for r in store.history("sam@example.com")}
    assert threads == {"a1@x"}
