"""kill -9 at random points, restart, repeat: the finished audit holds every message exactly once
and matches an uninterrupted run, row for row (SQLite) and byte for byte (JSONL).

Slow (about a minute per output kind on 2 cores) but run in CI. TONECHECK_KILL_LOOP_MESSAGES
raises the size (issue 6 asks for 20,000 once, by hand)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from contextlib import closing, suppress
from pathlib import Path

import pytest

from tests.support.audit import AUDIT, db_rows, messages, run_audit, write_csv, write_jsonl

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

COUNT = int(os.environ.get("TONECHECK_KILL_LOOP_MESSAGES", "1600"))
KILLS = 4


def _sources(root: Path) -> list[str]:
    rows = messages(COUNT, seed=42)
    half = COUNT // 2
    write_csv(root / "a.csv", rows[:half])
    write_jsonl(root / "b.jsonl", rows[half:])
    with (root / "b.jsonl").open("a") as handle:  # input errors interleave with messages
        handle.write("{broken\n")
        handle.write(json.dumps({"text": "Thank you for paying."}) + "\n")
        handle.write("[]\n")
    return ["a.csv", "b.jsonl"]


def _done(out: Path) -> int:
    """The committed marker, read the way another process would see it."""
    try:
        if out.suffix == ".db":
            if not out.exists() or out.stat().st_size == 0:
                return 0
            with closing(sqlite3.connect(f"file:{out}?mode=ro", uri=True, timeout=5)) as db:
                row = db.execute("SELECT done FROM audit_state").fetchone()
                return int(row[0]) if row else 0
        state = Path(str(out) + ".audit-state.json")
        return int(json.loads(state.read_text())["done"]) if state.exists() else 0
    except (sqlite3.Error, ValueError, OSError):
        return -1  # mid-replace or schema not created yet: ask again


def _fingerprint(out: Path) -> dict[str, object]:
    """The options and rule-pack digest the audit was made with (sources aside)."""
    if out.suffix == ".db":
        with closing(sqlite3.connect(out)) as db:
            stored = json.loads(db.execute("SELECT fingerprint FROM audit_state").fetchone()[0])
    else:
        stored = json.loads(Path(str(out) + ".audit-state.json").read_text())["fingerprint"]
    return {k: v for k, v in stored.items() if k != "sources"}


def _check_consistent(out: Path) -> int:
    """After a kill: what is on disk is exactly the committed prefix, nothing more or less."""
    done = _done(out)
    if out.suffix == ".db":
        with closing(sqlite3.connect(out)) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows = db.execute(
                "SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM input_errors)"
            ).fetchone()[0]
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM messages UNION ALL SELECT id FROM input_errors ORDER BY 1"
                )
            ]
        assert rows == done and ids == list(range(done))
    else:
        state = json.loads(Path(str(out) + ".audit-state.json").read_text())
        # bytes past the committed offset may exist (cut back on resume), never fewer
        assert out.stat().st_size >= state["offset"]
    return done


def _group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes in a process group, from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def _no_orphans(pgid: int) -> bool:
    """Pool workers exit by themselves once their parent is gone."""
    if not Path("/proc/self/stat").exists():
        return True  # no /proc: nothing to look at
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not _group_members(pgid):
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("out", ["loop.db", "loop.jsonl"])
def test_kill_9_loop_resumes_to_the_same_result(tmp_path: Path, out: str) -> None:
    sources = _sources(tmp_path)
    reference_out = "reference" + Path(out).suffix
    reference = run_audit(
        [*sources, "--out", reference_out, "--workers", "1"], tmp_path, timeout=600
    )
    assert reference.returncode == 0, reference.stderr

    rng = random.Random(20240611)
    target = tmp_path / out
    history = []
    finished_alone = False
    for kill in range(KILLS):
        before = max(0, _done(target))
        proc = subprocess.Popen(
            [*AUDIT, *sources, "--out", out, "--workers", "2", "--batch-size", "16"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        if kill == 0:
            time.sleep(rng.uniform(0.3, 2.0))  # somewhere in start-up
        else:
            # somewhere in the rest of the stream: after a random share of it is committed,
            # plus a random delay so the kill lands between or during commits
            goal = before + rng.randint(1, max(1, (COUNT - before) // 3))
            deadline = time.monotonic() + 300
            while _done(target) < goal and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 0.6))
        if proc.poll() is not None:
            finished_alone = True  # finished before we could kill it (a fast machine)
            break  # the final comparison still applies
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()
        assert _no_orphans(proc.pid), "pool workers outlived their killed parent"
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        history.append(_check_consistent(target))
    assert any(0 < d < COUNT for d in history), f"no kill landed mid-audit: {history}"

    final = run_audit([*sources, "--out", out, "--workers", "2"], tmp_path, timeout=600)
    assert final.returncode == 0, final.stderr
    assert f"audited {COUNT + 1:,} messages" in final.stdout and "2 input errors" in final.stdout
    assert _fingerprint(target) == _fingerprint(tmp_path / reference_out), (
        "the rule packs or options changed while the test ran (a shared working tree?)"
    )
    if out.endswith(".db"):
        assert db_rows(target) == db_rows(tmp_path / reference_out)
        with closing(sqlite3.connect(target)) as db:
            statuses = [r[0] for r in db.execute("SELECT status FROM runs ORDER BY id")]
        # killed runs are recorded as killed (one killed before it opened the store leaves no
        # row) and the final run as completed; the last run of the loop may have completed
        # too, if it finished first or between our last look and the kill
        assert statuses[-1] == "completed", statuses
        earlier = statuses[:-1]
        if earlier and (finished_alone or earlier[-1] == "completed"):
            assert earlier[-1] == "completed", statuses
            earlier = earlier[:-1]
        assert set(earlier) <= {"killed"}, statuses
    else:
        assert target.read_bytes() == (tmp_path / reference_out).read_bytes()
        errors = tmp_path / "loop.errors.jsonl"
        assert errors.read_bytes() == (tmp_path / "reference.errors.jsonl").read_bytes()
