"""`tonecheck audit` end to end: the real command in a subprocess, every source and output kind,
bad input recorded or refused in one line, resumption, full disks, and the in-process engine."""

from __future__ import annotations

import csv
import json
import mailbox
import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

import tonecheck
from tests.support.audit import (
    AUDIT,
    MODULE,
    db_rows,
    jsonl_records,
    messages,
    one_line_error,
    run_audit,
    write_csv,
    write_folder,
    write_jsonl,
    write_maildir,
    write_mbox,
)
from tonecheck.audit.engine import Audit, Settings
from tonecheck.audit.sources import SourceOptions, open_source
from tonecheck.audit.stores import RunStats, open_store
from tonecheck.config import Config
from tonecheck.models import Report

pytestmark = pytest.mark.e2e


def _all_sources(root: Path) -> list[Path]:
    rows = messages(30, seed=1)
    (root / "in").mkdir()
    return [
        write_csv(root / "in" / "a.csv", rows[0:8]),
        write_csv(root / "in" / "b.tsv", rows[8:11], delimiter="\t", text_key="message"),
        write_jsonl(root / "in" / "c.jsonl", rows[11:18]),
        write_mbox(root / "in" / "d.mbox", rows[18:22]),
        write_maildir(root / "in" / "maildir", rows[22:25]),
        write_folder(root / "in" / "folder", rows[25:30]),
    ]


@pytest.fixture(scope="module")
def every_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sources")
    _all_sources(root)
    return root


SOURCE_ARGS = ["in/a.csv", "in/b.tsv", "in/c.jsonl", "in/d.mbox", "in/maildir", "in/folder"]


@pytest.fixture(scope="module")
def sqlite_audit(every_source: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    result = run_audit(
        [*SOURCE_ARGS, "--out", "all.db", "--workers", "1", "--report", "all.html"], every_source
    )
    return every_source / "all.db", result


def test_module_entry_point_and_help() -> None:
    result = subprocess.run([*MODULE, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "--out" in result.stdout and "examples:" in result.stdout
    if AUDIT != MODULE:  # the console script wires the same options
        result = subprocess.run([*AUDIT, "--help"], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "--redact" in result.stdout


def test_every_source_kind_into_sqlite(
    sqlite_audit: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    db_path, result = sqlite_audit
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # not a TTY: no progress bar, no noise
    assert re.match(r"audited 30 messages, 0 input errors", result.stdout), result.stdout
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"messages", "scores", "findings", "strengths", "input_errors", "runs"} <= tables
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"findings_rule", "findings_category", "messages_agent", "messages_date"} <= indexes
    per_source = dict(db.execute("SELECT source, count(*) FROM messages GROUP BY source"))
    assert per_source == {
        "in/a.csv": 8,
        "in/b.tsv": 3,
        "in/c.jsonl": 7,
        "in/d.mbox": 4,
        "in/maildir": 3,
        "in/folder": 5,
    }
    assert db.execute("SELECT count(*) FROM scores").fetchone()[0] == 30
    assert db.execute("SELECT count(DISTINCT key) FROM messages").fetchone()[0] == 30
    # offsets point into the stored text
    for text, start, end, span in db.execute(
        'SELECT m.text, f."start", f."end", f.span FROM findings f JOIN messages m ON m.id = f.message_id'
    ):
        assert text[start:end] == span
    for (report,) in db.execute("SELECT report FROM messages"):
        Report.model_validate_json(report)
    # columns: CSV id column, mail headers (Message-ID, From display name, Date)
    csv_row = db.execute(
        "SELECT source_id, agent, date, location FROM messages WHERE source='in/a.csv' ORDER BY id"
    ).fetchone()
    assert (
        csv_row[0] == "m0"
        and csv_row[1]
        and csv_row[2].startswith("2025-")
        and csv_row[3] == "in/a.csv:2"
    )
    mail = db.execute(
        "SELECT source_id, agent, date FROM messages WHERE source='in/d.mbox' ORDER BY id"
    ).fetchone()
    assert mail == ("m18@agency.example", mail[1], "2025-03-04T10:00:00+00:00")
    assert mail[1] in {"Alice Brown", "Bob Singh", "Team North"}
    status = db.execute("SELECT status, messages FROM runs").fetchall()
    assert status == [("completed", 30)]


def test_outputs_agree_across_formats(every_source: Path, sqlite_audit: tuple[Path, Any]) -> None:
    db_path, _ = sqlite_audit
    for out in ("all.jsonl", "all.csv"):
        result = run_audit([*SOURCE_ARGS, "--out", out, "--workers", "1"], every_source)
        assert result.returncode == 0, result.stderr
    with closing(sqlite3.connect(db_path)) as db:
        expected = dict(
            db.execute(
                "SELECT m.key, s.overall FROM messages m JOIN scores s ON s.message_id = m.id"
            )
        )
    records = jsonl_records(every_source / "all.jsonl")
    assert {
        r["key"]: Report.model_validate(r["report"]).scores.overall for r in records
    } == expected
    assert all(r["text"] and r["location"] for r in records)
    with (every_source / "all.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["key"]: float(r["overall"]) for r in rows} == expected
    assert set(rows[0]) >= {
        "respect",
        "clarity",
        "empathy",
        "transparency",
        "overall",
        "agent",
        "date",
    }


def test_bad_rows_are_recorded_and_the_audit_goes_on(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_bytes(
        b"id,text\n"
        b"1,Please pay by 3 May.\n"
        b'2,"broken "quoting" here\n'
        b"3,caf\xe9 latin-1 bytes\n"
        b"4,too,many,fields\n"
        b"5,We understand this may be hard.\n"
    )
    (tmp_path / "bad.jsonl").write_bytes(
        b'{"text": "Thank you for your payment."}\n'
        b"{not json\n"
        b"[1, 2]\n"
        b'{"content": "wrong key"}\n'
        b'{"text": "bad \xff byte"}\n'
        b"\n"
        b'{"text": "Call us on 0800 123 4567."}\n'
    )
    attachment_only = EmailMessage()
    attachment_only["From"] = "a@b.example"
    attachment_only.add_attachment(
        b"%PDF-1.4", maintype="application", subtype="pdf", filename="x.pdf"
    )
    box = mailbox.mbox(str(tmp_path / "bad.mbox"))
    box.add(attachment_only)
    good = EmailMessage()
    good["From"] = "a@b.example"
    good.set_content("Please call us about your account.")
    box.add(good)
    box.close()
    result = run_audit(
        ["bad.csv", "bad.jsonl", "bad.mbox", "--out", "bad.db", "--workers", "1"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "audited 5 messages" in result.stdout and "8 input errors" in result.stdout
    db = sqlite3.connect(tmp_path / "bad.db")
    errors = dict(db.execute("SELECT location, error FROM input_errors"))
    assert set(errors) == {
        "bad.csv:3",
        "bad.csv:4",
        "bad.csv:5",
        "bad.jsonl:2",
        "bad.jsonl:3",
        "bad.jsonl:4",
        "bad.jsonl:5",
        "bad.mbox: message 1",
    }
    assert "quoting" in errors["bad.csv:3"]
    assert (
        "utf-8" in errors["bad.csv:4"]
        and "0xe9" in errors["bad.csv:4"]
        and "--encoding" in errors["bad.csv:4"]
    )
    assert "fields" in errors["bad.csv:5"]
    assert "invalid JSON" in errors["bad.jsonl:2"]
    assert "JSON object" in errors["bad.jsonl:3"]
    assert "text" in errors["bad.jsonl:4"] and "keys are: 'content'" in errors["bad.jsonl:4"]
    assert "UTF-8" in errors["bad.jsonl:5"]
    assert "text/plain" in errors["bad.mbox: message 1"]
    ok = {r[0] for r in db.execute("SELECT location FROM messages")}
    assert ok == {"bad.csv:2", "bad.csv:6", "bad.jsonl:1", "bad.jsonl:7", "bad.mbox: message 2"}


@pytest.mark.parametrize(
    ("files", "args", "expected"),
    [
        (
            {"a.csv": "id,body\n1,hi\n"},
            ["a.csv", "--text-column", "content"],
            "a.csv: no column 'content' (--text-column); columns are: 'id', 'body'",
        ),
        (
            {"a.csv": "id,words\n1,hi\n"},
            ["a.csv"],
            "a.csv: no text column (looked for text, body, message)",
        ),
        (
            {"a.csv": "id,body\n1,hi\n"},
            ["a.csv", "--agent-column", "team"],
            "no column 'team' (--agent-column)",
        ),
        ({"a.jsonl": '{"body": "hi"}\n'}, ["a.jsonl", "--text-column", "msg"], "no key 'msg'"),
        ({}, ["missing.csv"], "missing.csv: no such file or folder"),
        ({"a.pdf": "%PDF"}, ["a.pdf"], "a.pdf: unsupported input"),
        ({"a.csv": ""}, ["a.csv"], "a.csv: the file is empty"),
        ({"a.csv": "text\nhi\n"}, ["a.csv", "--encoding", "klingon"], "unknown encoding 'klingon'"),
        ({"a.csv": "text\nhi\n"}, ["a.csv", "--out", "a.csv"], "is also a source"),
    ],
)
def test_usage_errors_are_one_line(
    tmp_path: Path, files: dict[str, str], args: list[str], expected: str
) -> None:
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    if "--out" not in args:
        args = [*args, "--out", "out.db"]
    result = run_audit(args, tmp_path, command=MODULE)
    assert result.returncode == 2
    assert expected in one_line_error(result)
    assert not (tmp_path / "out.db").exists()


def test_unknown_output_type_and_foreign_output(tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", messages(2))
    result = run_audit(["a.csv", "--out", "a.xlsx"], tmp_path, command=MODULE)
    assert result.returncode == 2 and "unknown output type" in one_line_error(result)
    (tmp_path / "notes.jsonl").write_text('{"mine": true}\n')
    result = run_audit(["a.csv", "--out", "notes.jsonl"], tmp_path, command=MODULE)
    assert result.returncode == 2 and "was not written by this audit" in one_line_error(result)
    assert (tmp_path / "notes.jsonl").read_text() == '{"mine": true}\n'
    (tmp_path / "other.db").write_bytes(b"")
    with closing(sqlite3.connect(tmp_path / "other.db")) as db:
        db.execute("CREATE TABLE t (x)")
    result = run_audit(["a.csv", "--out", "other.db"], tmp_path, command=MODULE)
    assert result.returncode == 2 and "not a tonecheck audit" in one_line_error(result)


def test_parquet_source(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow not installed (parquet extra)")
    import pyarrow as pa

    rows = messages(12, seed=3)
    table = pa.table(
        {
            "id": [r["id"] for r in rows],
            "body": [r["text"] for r in rows],
            "agent": [r["agent"] for r in rows],
            "when": [r["date"] for r in rows],
        }
    )
    pq.write_table(table, tmp_path / "m.parquet", row_group_size=5)
    result = run_audit(
        ["m.parquet", "--date-column", "when", "--out", "p.jsonl", "--workers", "1"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    records = jsonl_records(tmp_path / "p.jsonl")
    assert [r["id"] for r in records] == [r["id"] for r in rows]
    assert records[0]["date"] == rows[0]["date"] and records[0]["location"] == "m.parquet: row 1"
    result = run_audit(
        ["m.parquet", "--text-column", "nope", "--out", "q.db"], tmp_path, command=MODULE
    )
    assert (
        result.returncode == 2
        and "columns are: 'id', 'body', 'agent', 'when'" in one_line_error(result)
    )


def test_parquet_without_pyarrow_says_what_to_install(tmp_path: Path) -> None:
    (tmp_path / "m.parquet").write_bytes(b"PAR1")
    script = "import sys; sys.modules['pyarrow'] = None; from tonecheck.audit.__main__ import main; sys.exit(main())"
    result = subprocess.run(
        [sys.executable, "-c", script, "m.parquet", "--out", "p.db"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "pip install 'tonecheck[parquet]'" in one_line_error(result)


def test_rerun_resumes_refuses_changes_and_restarts(tmp_path: Path) -> None:
    rows = messages(40, seed=5)
    write_csv(tmp_path / "m.csv", rows)
    first = run_audit(["m.csv", "--out", "m.db", "--workers", "1"], tmp_path)
    assert first.returncode == 0, first.stderr
    before = db_rows(tmp_path / "m.db")
    again = run_audit(["m.csv", "--out", "m.db", "--workers", "1"], tmp_path)
    assert (
        again.returncode == 0 and "(40 done before)" in again.stdout and "0 checked" in again.stdout
    )
    assert db_rows(tmp_path / "m.db") == before
    # other options on the same output: refused, output untouched
    other = run_audit(["m.csv", "--out", "m.db", "--redact"], tmp_path)
    assert (
        other.returncode == 2 and "redact" in one_line_error(other) and "--restart" in other.stderr
    )
    # rows appended to the source: only the new ones are checked
    write_csv(tmp_path / "m.csv", [*rows, *messages(45, seed=5)[40:]])
    grown = run_audit(["m.csv", "--out", "m.db", "--workers", "1"], tmp_path)
    assert grown.returncode == 0 and "audited 45 messages (40 done before)" in grown.stdout
    # an edited source no longer matches what was saved
    rows[3]["text"] = "Edited after the audit."
    write_csv(tmp_path / "m.csv", rows)
    shrunk = run_audit(["m.csv", "--out", "m.db"], tmp_path)
    assert shrunk.returncode == 2 and "fewer messages (40) than" in one_line_error(shrunk)
    write_csv(tmp_path / "m.csv", [*rows, *messages(45, seed=5)[40:]])
    changed = run_audit(["m.csv", "--out", "m.db"], tmp_path)
    assert changed.returncode == 2 and "inputs changed" in one_line_error(changed)
    restarted = run_audit(["m.csv", "--out", "m.db", "--workers", "1", "--restart"], tmp_path)
    assert restarted.returncode == 0 and "audited 45 messages," in restarted.stdout
    with closing(sqlite3.connect(tmp_path / "m.db")) as db:
        assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 45
        assert (
            "Edited after the audit."
            in db.execute("SELECT text FROM messages WHERE id = 3").fetchone()[0]
        )


def test_ctrl_c_stops_cleanly_and_the_same_command_resumes(tmp_path: Path) -> None:
    write_csv(tmp_path / "m.csv", messages(900, seed=11))
    args = [*AUDIT, "m.csv", "--out", "m.jsonl", "--workers", "2"]
    proc = subprocess.Popen(
        args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    state = tmp_path / "m.jsonl.audit-state.json"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if state.exists() and json.loads(state.read_text() or "{}").get("done", 0) > 0:
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the audit finished before it could be interrupted")
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "run the same command to resume" in err
    done = json.loads(state.read_text())["done"]
    assert 0 < done < 900 and len(jsonl_records(tmp_path / "m.jsonl")) == done
    result = run_audit(["m.csv", "--out", "m.jsonl", "--workers", "1"], tmp_path)
    assert result.returncode == 0, result.stderr
    keys = [r["key"] for r in jsonl_records(tmp_path / "m.jsonl")]
    assert keys == [f"m.csv#{i}" for i in range(1, 901)]


def _limit_file_size(limit: int) -> Any:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("out", ["full.db", "full.jsonl"])
def test_full_disk_gives_one_line_and_consistent_output(tmp_path: Path, out: str) -> None:
    """A file-size limit (RLIMIT_FSIZE) stands in for a full disk: writes fail mid-audit."""
    write_csv(tmp_path / "m.csv", messages(400, seed=13))
    reference_out = "ref" + Path(out).suffix
    reference = run_audit(["m.csv", "--out", reference_out, "--workers", "1"], tmp_path)
    assert reference.returncode == 0
    limit = (tmp_path / reference_out).stat().st_size // 2  # full about half-way through
    result = run_audit(
        ["m.csv", "--out", out, "--workers", "1", "--batch-size", "20"],
        tmp_path,
        preexec_fn=_limit_file_size(limit),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    line = one_line_error(result)
    assert line.startswith(f"tonecheck audit: cannot write {out}") and "resumes" in line
    if out.endswith(".db"):
        with closing(sqlite3.connect(tmp_path / out)) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            done = db.execute("SELECT done FROM audit_state").fetchone()[0]
            assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == done
    else:
        done = json.loads((tmp_path / (out + ".audit-state.json")).read_text())["done"]
        assert len(jsonl_records(tmp_path / out)) == done  # no half-written line left behind
    assert 0 < done < 400
    resumed = run_audit(["m.csv", "--out", out, "--workers", "1", "--batch-size", "20"], tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    if out.endswith(".db"):
        assert db_rows(tmp_path / out) == db_rows(tmp_path / reference_out)
    else:
        assert (tmp_path / out).read_bytes() == (tmp_path / reference_out).read_bytes()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_output_folder(tmp_path: Path) -> None:
    write_csv(tmp_path / "m.csv", messages(3))
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        for out in ("locked/a.db", "locked/a.jsonl"):
            result = run_audit(["m.csv", "--out", out], tmp_path, command=MODULE)
            assert result.returncode == 1
            assert "permission denied" in one_line_error(result) or "read-only" in result.stderr
    finally:
        locked.chmod(0o755)


def test_missing_output_folder(tmp_path: Path) -> None:
    write_csv(tmp_path / "m.csv", messages(3))
    result = run_audit(["m.csv", "--out", "nowhere/a.db"], tmp_path, command=MODULE)
    assert result.returncode == 1 and "does not exist" in one_line_error(result)


# -- in-process: the engine with the session's Checker (fast) -------------------------------


def _settings(tmp_path: Path, sources: list[str], out: str, config: Config, **kw: Any) -> Settings:
    options = SourceOptions(max_chars=config.max_chars)
    opened = [open_source(str(tmp_path / s), options) for s in sources]
    for source in opened:
        source.validate()
    store = open_store(
        tmp_path / out, {"test": sources, **kw.pop("fingerprint", {})}, kw.pop("restart", False)
    )
    kw.setdefault("commit_seconds", 3600.0)  # commits by batch size only: deterministic
    return Settings(sources=opened, store=store, config=config, workers=1, **kw)


def test_a_message_whose_check_raises_is_isolated(
    tmp_path: Path, checker: tonecheck.Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = messages(6)
    rows[2]["text"] = "POISON pill"
    write_csv(tmp_path / "m.csv", rows)
    audit = Audit(_settings(tmp_path, ["m.csv"], "m.db", checker.config))
    original = checker.check

    def fragile(text: str, **kwargs: Any) -> Report:
        if "POISON" in text:
            raise RuntimeError("rule crashed")
        return original(text, **kwargs)

    monkeypatch.setattr(checker, "check", fragile)
    audit._checker = checker
    result = audit.run()
    assert (result.messages, result.input_errors, result.check_failures) == (5, 1, 1)
    with closing(sqlite3.connect(tmp_path / "m.db")) as db:
        (error,) = db.execute("SELECT key, location, error FROM input_errors").fetchall()
    # each record spans four lines (a multi-line quoted text), so the third starts on line 10
    assert error == (
        f"{tmp_path}/m.csv#3",
        f"{tmp_path}/m.csv:10",
        "internal error while checking: RuntimeError: rule crashed",
    )


def test_too_long_and_bad_channel_rows_are_input_errors(
    tmp_path: Path, checker: tonecheck.Checker
) -> None:
    config = checker.config.model_copy(update={"max_chars": 60})
    (tmp_path / "m.jsonl").write_text(
        json.dumps({"text": "x " * 40})
        + "\n"
        + json.dumps({"text": "Please pay.", "channel": "pigeon"})
        + "\n"
        + json.dumps({"text": "Please pay.", "context": {"amount": "lots", "due_date": "soon"}})
        + "\n"
        + json.dumps({"text": "Please pay by 3 May.", "channel": "SMS"})
        + "\n"
    )
    audit = Audit(_settings(tmp_path, ["m.jsonl"], "m.jsonl.out.jsonl", config))
    audit._checker = checker
    result = audit.run()
    assert (result.messages, result.input_errors) == (1, 3)
    errors = [json.loads(line)["error"] for line in (tmp_path / "m.jsonl.out.errors.jsonl").open()]
    assert "limit is 60" in errors[0] and "pigeon" in errors[1] and errors[2].startswith("context")
    (ok,) = jsonl_records(tmp_path / "m.jsonl.out.jsonl")
    assert ok["report"]["channel"] == "sms"


def test_crash_between_data_and_marker_is_cut_back(
    tmp_path: Path, checker: tonecheck.Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window a kill -9 can hit in a file store: rows written, state not yet replaced."""
    from tonecheck.audit import stores

    write_csv(tmp_path / "m.csv", messages(50, seed=2))
    reference = Audit(_settings(tmp_path, ["m.csv"], "ref.jsonl", checker.config, batch_size=7))
    reference._checker = checker
    reference.run()

    calls = {"n": 0}
    real_write_state = stores.FileStore._write_state

    class Killed(BaseException):
        pass

    def dying_write_state(self: stores.FileStore) -> None:
        calls["n"] += 1
        if calls["n"] == 5:  # open() writes state twice; then the 3rd commit dies
            raise Killed
        real_write_state(self)

    monkeypatch.setattr(stores.FileStore, "_write_state", dying_write_state)
    crashing = Audit(_settings(tmp_path, ["m.csv"], "out.jsonl", checker.config, batch_size=7))
    crashing._checker = checker
    with pytest.raises(Killed):
        crashing.run()
    monkeypatch.setattr(stores.FileStore, "_write_state", real_write_state)
    state = json.loads((tmp_path / "out.jsonl.audit-state.json").read_text())
    assert state["done"] == 14 and (tmp_path / "out.jsonl").stat().st_size > state["offset"]
    resumed = Audit(_settings(tmp_path, ["m.csv"], "out.jsonl", checker.config, batch_size=7))
    resumed._checker = checker
    result = resumed.run()
    assert result.skipped == 14 and result.messages == 36
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "ref.jsonl").read_bytes()


def test_second_audit_on_the_same_output_is_refused(
    tmp_path: Path, checker: tonecheck.Checker
) -> None:
    write_csv(tmp_path / "m.csv", messages(3))
    first = _settings(tmp_path, ["m.csv"], "m.db", checker.config)
    first.store.open([], 1)
    try:
        second = _settings(tmp_path, ["m.csv"], "m.db", checker.config)
        with pytest.raises(Exception, match="another audit is writing it"):
            second.store.open([], 1)
    finally:
        first.store.close("completed", RunStats())


# -- redaction in every output ----------------------------------------------------------------

PHONE_RE = re.compile(r"\b0800 \d{3} \d{4}\b|\(\d{3}\) \d{3}-\d{4}")
EMAIL_RE = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def test_redact_leaves_no_contact_details_in_any_output(tmp_path: Path) -> None:
    rows = messages(24, seed=17)
    for r in rows[:3]:  # more shapes of personal data
        r["text"] += "Or call (555) 123-4567, card 4111 1111 1111 1234.\n"
    write_csv(tmp_path / "a.csv", rows[:8])
    with (tmp_path / "b.jsonl").open("w") as handle:
        for r in rows[8:14]:
            handle.write(
                json.dumps(
                    {
                        "id": r["email"],
                        "text": r["text"],
                        "customer": r["customer"],
                        "agent": f"{r['agent']} <{r['agent'].split()[0].lower()}@agency.example>",
                    }
                )
                + "\n"
            )
        handle.write('{"text": 42, "note": "write to leak@example.com"}\n')
    write_mbox(tmp_path / "c.mbox", rows[14:18])
    write_maildir(tmp_path / "maildir", rows[18:21])
    write_folder(tmp_path / "folder", rows[21:24])
    sources = ["a.csv", "b.jsonl", "c.mbox", "maildir", "folder"]
    outputs = []
    for out in ("r.db", "r.jsonl", "r.csv"):
        report = out.replace(".", "-") + ".html"
        result = run_audit(
            [
                *sources,
                "--out",
                out,
                "--redact",
                "--context-column",
                "name=customer",
                "--workers",
                "1",
                "--report",
                report,
            ],
            tmp_path,
        )
        assert result.returncode == 0, result.stderr
        assert "audited 24 messages" in result.stdout
        outputs += [out, report]
    # every byte written: outputs, WAL, state and error files, reports
    written = [p for p in tmp_path.iterdir() if p.is_file() and p.name.startswith(("r.", "r-"))]
    assert len(written) >= len(outputs) + 3
    secrets = (
        {r["email"] for r in rows}
        | {r["customer"] for r in rows}
        | {"4111 1111", "leak@example.com"}
    )
    for path in written:
        content = path.read_bytes().decode("utf-8", "replace")
        if path.suffix == ".db":
            with closing(sqlite3.connect(path)) as db:
                content = "\n".join(
                    str(value)
                    for table in ("messages", "findings", "strengths", "input_errors")
                    for row in db.execute(f"SELECT * FROM {table}")
                    for value in row
                )
        assert not EMAIL_RE.search(content), (path.name, EMAIL_RE.search(content))
        assert not PHONE_RE.search(content), (path.name, PHONE_RE.search(content))
        for secret in secrets:
            assert secret not in content, (path.name, secret)
    with closing(sqlite3.connect(tmp_path / "r.db")) as db:
        texts = [t for (t,) in db.execute("SELECT text FROM messages")]
        assert all(t.startswith("Dear [name],") for t in texts)
        assert any("**** **** **** 1234" in t for t in texts)
        for text, start, end, span in db.execute(
            'SELECT m.text, f."start", f."end", f.span FROM findings f JOIN messages m ON m.id = f.message_id'
        ):
            assert text[start:end] == span


# -- the progress bar: on a terminal only --------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    import pty

    write_csv(tmp_path / "m.csv", messages(60, seed=4))
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TONECHECK_NO_PROGRESS")}
    env["COLUMNS"] = "160"
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [*AUDIT, "m.csv", "--out", "tty.db", "--workers", "1"],
        cwd=tmp_path,
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(leader)
    drawn = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "msg/s" in drawn and "ETA" in drawn and "auditing" in drawn
    # stderr not a terminal: nothing drawn
    quiet = run_audit(["m.csv", "--out", "ci.db", "--workers", "1"], tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_context_columns_are_the_message_context_fields() -> None:
    from tonecheck.audit.sources import CONTEXT_FIELDS
    from tonecheck.models import MessageContext

    assert tuple(MessageContext.model_fields) == CONTEXT_FIELDS
