"""``tonecheck check PATH...`` as ruff and Vale users expect it: folders walked with
include/exclude globs and .gitignore, every readable file checked and each unreadable one named,
rules chosen with --select/--ignore, and one-line output formats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tonecheck.cli import main
from tonecheck.cli.paths import walk
from tonecheck.render.lines import visible_start

HARSH = "Pay now or we will have you arrested.\n"
LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|suggestion) (?P<rule>\S+) .+$"
)


def _tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    return root


def _files(out: str) -> set[str]:
    return {m.group("file") for m in map(LINE.match, out.splitlines()) if m}


def test_folder_of_200_templates_with_one_binary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    files: dict[str, str | bytes] = {f"t/{i:03}.txt": HARSH for i in range(199)}
    files["t/logo.png"] = b"\x89PNG\r\n\x1a\n\x00\x00\x00"
    _tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "concise", "t"]) == 2
    captured = capsys.readouterr()
    assert len(_files(captured.out)) == 199
    assert "in 199 of 199 files." in captured.out
    assert "tonecheck check: error: t/logo.png: binary file" in captured.err
    assert "1 of 200 inputs could not be checked" in captured.err


def test_good_files_are_reported_when_others_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, {"a.txt": HARSH, "bin.txt": b"\x00\x01", "c.txt": HARSH})
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "concise", "a.txt", "bin.txt", "missing.txt", "c.txt"]) == 2
    captured = capsys.readouterr()
    assert _files(captured.out) == {"a.txt", "c.txt"}
    assert "bin.txt: binary file" in captured.err
    assert "missing.txt: no such file" in captured.err


def test_walk_respects_gitignore_hidden_and_globs(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".git/HEAD": "ref",
            ".gitignore": "build/\n*.bak\n",
            "templates/a.txt": HARSH,
            "templates/a.txt.bak": HARSH,
            "templates/drafts/b.txt": HARSH,
            "templates/notes.md": HARSH,
            "templates/.gitignore": "notes.md\n",
            "build/c.txt": HARSH,
            ".hidden/d.txt": HARSH,
            "e.eml": HARSH,
        },
    )
    every = {p.relative_to(tmp_path).as_posix() for p in walk(tmp_path)}
    assert every == {"templates/a.txt", "templates/drafts/b.txt", "e.eml"}
    # a sub-folder still obeys the repository's .gitignore above it
    below = {p.name for p in walk(tmp_path / "templates")}
    assert below == {"a.txt", "b.txt"}
    chosen = {p.name for p in walk(tmp_path, include=["*.txt"], exclude=["drafts/"])}
    assert chosen == {"a.txt"}


def test_include_exclude_from_config_and_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(
        tmp_path,
        {
            "tonecheck.toml": 'include = ["*.txt"]\n',
            "m/a.txt": HARSH,
            "m/b.txt": HARSH,
            "m/c.eml": HARSH,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "concise", "--fail-on", "never", "m"]) == 0
    assert _files(capsys.readouterr().out) == {"m/a.txt", "m/b.txt"}
    assert (
        main(["check", "--format", "concise", "--fail-on", "never", "--exclude", "b.*", "m"]) == 0
    )
    assert _files(capsys.readouterr().out) == {"m/a.txt"}
    assert main(["check", "--exclude", "*", "m"]) == 2
    assert "no files to check in m" in capsys.readouterr().err


def _rules(out: str) -> set[str]:
    return {m.group("rule") for m in map(LINE.match, out.splitlines()) if m}


@pytest.mark.parametrize(
    ("options", "kept", "gone"),
    [
        (
            ["--select", "respect.threat-arrest"],
            {"respect.threat-arrest"},
            {"clarity.missing-amount"},
        ),
        (["--select", "respect"], {"respect.threat-arrest"}, {"clarity.missing-amount"}),
        (
            ["--select", "threat,clarity.missing-"],
            {"respect.threat-arrest", "clarity.missing-amount"},
            set(),
        ),
        (["--ignore", "threat"], {"clarity.missing-amount"}, {"respect.threat-arrest"}),
        (
            ["--ignore", "clarity", "--ignore", "empathy"],
            {"respect.threat-arrest"},
            {"clarity.missing-amount"},
        ),
    ],
)
def test_select_and_ignore(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    kept: set[str],
    gone: set[str],
) -> None:
    path = _tree(tmp_path, {"m.txt": HARSH}) / "m.txt"
    main(["check", "--format", "concise", "--fail-on", "never", *options, str(path)])
    rules = _rules(capsys.readouterr().out)
    assert kept <= rules
    assert not gone & rules
    if options[0] == "--select":
        assert all(r.startswith(("respect.", "clarity.missing-")) for r in rules)


def test_unknown_selection_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _tree(tmp_path, {"m.txt": HARSH}) / "m.txt"
    assert main(["check", "--select", "respekt", str(path)]) == 2
    err = capsys.readouterr().err
    assert "--select respekt: matches no rule id, id prefix or category; did you mean" in err
    assert "respect" in err


def test_concise_format_is_one_line_per_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, {"m.txt": "Hello,\n\n" + HARSH})
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "concise", "m.txt"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("Found ") and "in 1 of 1 file." in lines[-1]
    parsed = [LINE.match(line) for line in lines[:-1]]
    assert all(parsed), lines
    arrest = [m for m in parsed if m and m.group("rule") == "respect.threat-arrest"]
    assert arrest and arrest[0].group("line") == "3" and arrest[0].group("sev") == "error"


def test_github_format_writes_annotations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, {"dir, with: comma/m.txt": "Hello,\n\n" + HARSH})
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "github", "dir, with: comma"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(re.match(r"^::(error|warning|notice) file=", line) for line in lines)
    [arrest] = [line for line in lines if "respect.threat-arrest" in line]
    assert arrest.startswith("::error file=dir%2C with%3A comma/m.txt,line=3,col=")
    assert "title=tonecheck respect.threat-arrest::" in arrest


def test_visible_start_skips_leading_line_breaks() -> None:
    text = "Hi\n\n\n  Pay now"
    assert visible_start(text, 2, len(text)) == text.index("Pay")
    assert visible_start(text, 2, 4) == 2  # all blank: keep the span's own start
