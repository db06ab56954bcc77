"""The ``tonecheck`` command end to end: exit codes, one-line errors, output shapes.

Finding lists change as rule packs grow, so these tests check behaviour (codes, shapes, where
positions point) with text that is unmistakably harsh or friendly, not exact findings.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from tonecheck.cli import _parser, main
from tonecheck.config import Config
from tonecheck.engine.checker import Checker
from tonecheck.models import Report

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
HARSH = "Dear Sam,\n\nPay now or we will have you arrested.\n\nAcme Lending\n"
FRIENDLY_EML = (
    "From: Jo <jo@acme.example>\n"
    "To: Sam <sam@example.com>\n"
    "Subject: Thank you\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Hi Sam,\n\nThank you for your payment of $120. Have a good week.\n\n"
    "On Mon, Sam wrote:\n> Stop calling me or I will have you arrested.\n"
)
ANSI = re.compile(r"\x1b\[")


def _console_script() -> list[str]:
    script = Path(sys.executable).parent / "tonecheck"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tonecheck"]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "harsh.txt").write_text(HARSH)
    (tmp_path / "friendly.eml").write_text(FRIENDLY_EML)
    return tmp_path


def run(
    args: list[str], cwd: Path, stdin: bytes = b"", module: bool = False, **env: str
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tonecheck"] if module else _console_script()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TONECHECK_")}
    environment.pop("NO_COLOR", None)
    environment.update(HOME=str(cwd), XDG_DATA_HOME=str(cwd / "data"), TONECHECK_NO_DAEMON="1")
    environment.update(env)
    result = subprocess.run(
        [*command, *args],
        input=stdin,
        cwd=cwd,
        env=environment,
        capture_output=True,
        timeout=120,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    )


# -- startup and help ------------------------------------------------------------------------


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from tonecheck.cli import build_parser\n"
        "for argv in (['--help'], ['check', '--help'], ['hook', '--help'], ['rules']):\n"
        "    build_parser(argv).format_help()\n"
        "heavy = sorted(m for m in ('spacy', 'pydantic', 'rich', 'vaderSentiment', 'tonecheck.engine.checker') "
        "if m in sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_help_teaches_by_example_and_documents_exit_codes(tmp_path: Path) -> None:
    result = run(["--help"], tmp_path)
    assert result.returncode == 0
    assert "tonecheck check letter.txt" in result.stdout
    assert "exit codes:" in result.stdout and "usage or input error" in result.stdout
    check_help = run(["check", "--help"], tmp_path)
    assert "--fail-on" in check_help.stdout and "exit codes:" in check_help.stdout
    hook_help = run(["hook", "--help"], tmp_path)
    assert "X-Tonecheck-Override" in hook_help.stdout and "sendemail-validate" in hook_help.stdout


def test_python_dash_m_and_version(tmp_path: Path) -> None:
    result = run(["--version"], tmp_path, module=True)
    assert result.returncode == 0 and result.stdout.startswith("tonecheck ")


def test_every_option_is_documented() -> None:
    docs = (REPO / "docs" / "cli.md").read_text()
    parser = _parser.build_parser([])
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name in ("check", "rules", "init", "hook"):
        sub = subparsers.choices[name]  # type: ignore[index]
        for action in sub._actions:
            for option in action.option_strings:
                if option not in {"-h", "--help"}:
                    assert f"`{option}" in docs or f"{option}`" in docs or option in docs, (
                        f"{name} {option} is not in docs/cli.md"
                    )


# -- bad input: one line, exit 2, before spaCy loads -------------------------------------------


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (["check", "missing.txt"], b"", "missing.txt: no such file"),
        (["check", "binary.bin"], b"", "binary.bin: binary file"),
        (["check", "latin1.txt"], b"", "latin1.txt: not valid utf-8 text (byte 0xe9 at offset 3)"),
        (["check", "--channel", "fax", "harsh.txt"], b"", "invalid choice: 'fax'"),
        (["check", "--fail-on", "sometimes", "harsh.txt"], b"", "invalid choice: 'sometimes'"),
        (["check", "--context", "amount", "harsh.txt"], b"", "expected KEY=VALUE"),
        (["check", "--context", "colour=red", "harsh.txt"], b"", "colour: unknown key"),
        (["check", "--context", "amount=lots", "harsh.txt"], b"", "amount:"),
        (
            ["check", "--context-file", "nope.toml", "harsh.txt"],
            b"",
            "nope.toml: context file not found",
        ),
        (["check", "--config", "nope.toml", "harsh.txt"], b"", "nope.toml: config file not found"),
        (["check", "--rewrite", "--format", "json", "harsh.txt"], b"", "--rewrite"),
        (["check", "--exclude", "*", "."], b"", "no files to check in ."),
        (["check", "-"], b"\xff\xfe\x00\x01binary\x00", "<stdin>: binary file"),
        (["check", "noparts.eml"], b"", "noparts.eml: no text/plain or text/html body"),
        (["check", "--nonsense"], b"", "unrecognized arguments: --nonsense"),
        (["check"], b"", "no input"),
        ([], b"", "name a command"),
        (["rules", "--explain", "respect.threat-arest"], b"", "did you mean respect.threat-arrest"),
        (["rules", "--pack", "klingon"], b"", "unknown rule pack 'klingon'"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(
    workdir: Path, args: list[str], stdin: bytes, expected: str
) -> None:
    (workdir / "binary.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (workdir / "latin1.txt").write_bytes(b"Caf\xe9 opens at nine.\n")
    (workdir / "noparts.eml").write_bytes(
        b'From: a@b.c\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: image/png\n\nxx\n--b--\n"
    )
    result = run(args, workdir, stdin=stdin)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# -- check: exit codes and output shapes -----------------------------------------------------


@pytest.mark.e2e
def test_text_output_with_rewrite(workdir: Path) -> None:
    result = run(["check", "--rewrite", "harsh.txt", "friendly.eml"], workdir)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert not ANSI.search(out)  # not a terminal: plain output
    assert re.search(r"^harsh\.txt:3:\d+: error: respect\.threat-arrest", out, re.MULTILINE)
    assert "    |" in out and "^" in out and "why:" in out and "fix:" in out
    assert "respect" in out and "transparency" in out  # the score table
    assert "--- harsh.txt" in out and "+++ harsh.txt (revised)" in out
    assert "-Pay now or we will have you arrested." in out
    assert "2 messages checked" in out and "FAIL" in out
    # the quoted reply in the e-mail ("I will have you arrested") is left out of the checks
    assert not re.search(r"^friendly\.eml.*threat-arrest", out, re.MULTILINE)


@pytest.mark.e2e
def test_json_single_report(workdir: Path) -> None:
    result = run(["check", "--format", "json", "harsh.txt"], workdir, module=True)
    assert result.returncode == 1
    report = Report.model_validate_json(result.stdout)
    assert report.id == "harsh.txt"
    threat = next(f for f in report.findings if f.rule == "respect.threat-arrest")
    assert HARSH[threat.start : threat.end] == threat.span


@pytest.mark.e2e
def test_json_lines_from_stdin_and_file_and_fail_on_never(workdir: Path) -> None:
    result = run(
        ["check", "--format", "json", "--fail-on", "never", "-", "friendly.eml"],
        workdir,
        stdin=HARSH.encode(),
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    from_stdin, from_file = (Report.model_validate_json(line) for line in lines)
    assert from_stdin.id is None and from_stdin.fails("error")
    assert from_file.id == "friendly.eml"
    assert not any("arrest" in f.rule for f in from_file.findings)  # quoted words not judged


@pytest.mark.e2e
def test_sarif_shape_and_positions(workdir: Path) -> None:
    harsh_eml = EXAMPLES / "harsh-overdue.eml"
    result = run(["check", "--format", "sarif", "harsh.txt", str(harsh_eml)], workdir)
    assert result.returncode == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    [run_] = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert run_["tool"]["driver"]["name"] == "tonecheck"
    assert len({r["id"] for r in rules}) == len(rules)
    files = {0: HARSH.splitlines(), 1: harsh_eml.read_text().splitlines()}
    assert run_["results"]
    for result_ in run_["results"]:
        assert result_["level"] in {"error", "warning", "note"}
        assert rules[result_["ruleIndex"]]["id"] == result_["ruleId"]
        location = result_["locations"][0]["physicalLocation"]
        region = location["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert (region["endLine"], region["endColumn"]) >= (
            region["startLine"],
            region["startColumn"],
        )
        snippet = region.get("snippet", {}).get("text")
        if snippet and "\n" not in snippet:
            # positions are lines and columns of the file, also for the e-mail
            line = files[location["artifactLocation"]["index"]][region["startLine"] - 1]
            assert line[region["startColumn"] - 1 :].startswith(snippet)
    assert any(r["ruleId"] == "respect.threat-arrest" for r in run_["results"])


@pytest.mark.e2e
def test_redact_masks_personal_data(workdir: Path) -> None:
    (workdir / "personal.txt").write_text(
        "Dear Sam Lee,\n\nPay now or we will have you arrested. Call 0800 123 4567 or write to "
        "sam.lee@example.com about card 4111 1111 1111 1111.\n"
    )
    result = run(
        ["check", "--redact", "--rewrite", "--context", "name=Sam Lee", "personal.txt"], workdir
    )
    assert result.returncode == 1
    for secret in ("sam.lee@example.com", "4111", "0800 123 4567", "Sam Lee"):
        assert secret not in result.stdout, secret


def test_init_writes_a_config_that_loads(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path)]) == 0
    path = tmp_path / "tonecheck.toml"
    assert Config.from_file(path) == Config()
    text = path.read_text()
    for key in Config.model_fields:
        assert re.search(rf"^#? ?\[?{key}\b", text, re.MULTILINE), key
    path.write_text("packs = ['mine']\n")
    assert main(["init", str(path)]) == 2  # refuses to overwrite
    assert path.read_text() == "packs = ['mine']\n"
    assert main(["init", "--force", str(path)]) == 0
    assert Config.from_file(path) == Config()


# -- rules -----------------------------------------------------------------------------------


def test_rules_list_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert "core" in listing["packs"]
    ids = {r["id"] for r in listing["rules"]}
    assert "respect.threat-arrest" in ids
    assert {"id", "kind", "dimension", "category", "severity"} <= set(listing["rules"][0])
    assert main(["rules", "--explain", "respect.threat-arrest"]) == 0
    explained = capsys.readouterr().out
    assert "examples.bad:" in explained and "reference:" in explained


_PACK = """\
[[rule]]
id = "respect.test-ogre"
dimension = "respect"
category = "abusive"
severity = "error"
message = "Calling the reader an ogre is an insult."
phrases = ["you ogre"]
examples.bad = ["Pay up, you ogre.", "Listen, you ogre!"]
examples.good = {good}
"""


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("good", "code"), [('["Thank you, Sam."]', 0), ('["Pay up, you ogre."]', 1)]
)
def test_rules_selftest_exit_code(tmp_path: Path, good: str, code: int) -> None:
    pack = tmp_path / "packs" / "teamtest"
    pack.mkdir(parents=True)
    (pack / "rules.toml").write_text(_PACK.format(good=good))
    (tmp_path / "tonecheck.toml").write_text('rule_dirs = ["packs"]\n')
    result = run(["rules", "--pack", "teamtest", "--test"], tmp_path)
    assert result.returncode == code, result.stdout + result.stderr
    assert "examples of 1 rules" in result.stdout
    assert ("FAIL" in result.stdout) == (code == 1)


# -- colour and plugins (in process) ---------------------------------------------------------


def test_colour_only_on_a_terminal_without_no_color(
    checker: Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tonecheck.cli.check import use_color
    from tonecheck.render import Checked
    from tonecheck.render.text import render_text

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert use_color("auto", Terminal()) and not use_color("auto", io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color("auto", Terminal()) and use_color("always", io.StringIO())

    item = Checked(label="harsh.txt", text=HARSH, report=checker.check(HARSH))
    for colour in (True, False):
        out = io.StringIO()
        render_text([item], out, fail_on="error", failed=True, color=colour)
        assert bool(ANSI.search(out.getvalue())) is colour
        assert "respect.threat-arrest" in out.getvalue()


def test_plugin_subcommands_are_wired_lazily(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = types.ModuleType("tonecheck_fake_audit")
    calls: list[object] = []

    def add_arguments(parser: object) -> None:
        parser.add_argument("--out")  # type: ignore[attr-defined]

    def run_(args: object) -> int:
        calls.append(args)
        return 0

    fake.add_arguments = add_arguments  # type: ignore[attr-defined]
    fake.run = run_  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tonecheck_fake_audit", fake)
    monkeypatch.setitem(_parser.PLUGINS, "audit", ("tonecheck_fake_audit", "fake audit"))
    assert main(["audit", "--out", "x.db"]) == 0
    assert calls and calls[0].out == "x.db"  # type: ignore[attr-defined]

    monkeypatch.setitem(_parser.PLUGINS, "audit", ("tonecheck_missing_module.command", "gone"))
    assert main(["audit", "anything"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not available" in err


# -- bundled examples and the pre-commit hook definition --------------------------------------


def test_pre_commit_hook_definition() -> None:
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    [hook] = hooks
    assert hook["id"] == "tonecheck"
    assert hook["entry"].split() == ["tonecheck", "check", "--template", "--format", "concise"]
    assert hook["language"] == "python"
    assert re.search(hook["files"], "templates/reminder.txt")
    assert not re.search(hook["files"], "src/app.py")


@pytest.mark.e2e
def test_bundled_examples_are_readable(tmp_path: Path) -> None:
    examples = sorted([*EXAMPLES.glob("*.txt"), *EXAMPLES.glob("*.eml")])
    assert len(examples) >= 5
    result = run(["check", "--format", "json", "--fail-on", "never", *map(str, examples)], tmp_path)
    assert result.returncode == 0, result.stderr
    reports = [Report.model_validate_json(line) for line in result.stdout.splitlines()]
    assert [r.id for r in reports] == [str(p) for p in examples]
    by_name = {Path(r.id or "").name: r for r in reports}
    assert by_name["harsh-overdue.eml"].fails("error")
    assert not by_name["friendly-reminder.eml"].fails("error")


@pytest.mark.parametrize(
    "words", [["audit", "sent.csv", "--out", "audit.db"], ["check", "a.txt"], ["rules"]]
)
def test_a_stray_option_is_reported_by_its_subcommand(
    words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    command = words[0]
    with pytest.raises(SystemExit) as exit_info:
        main([*words, "--no-such-option"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tonecheck {command}: error: unrecognized arguments: --no-such-option")
    assert f"(see 'tonecheck {command} --help')" in err


def test_rewrite_says_why_a_message_must_not_be_sent(tmp_path: Path) -> None:
    path = tmp_path / "m.txt"
    path.write_text(
        "A criminal case has been filed against you. The police will come to your home unless "
        "you pay $300 today.\n"
    )
    result = run(["check", "m.txt", "--rewrite", "--fail-on", "never"], tmp_path)
    assert "do not send" in result.stdout and "no rewrite of" in result.stdout
    assert "the suggestions change nothing" not in result.stdout
