"""Strict configuration: a setting that loads but would do nothing is reported, in plain words
that name the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonecheck import Checker, Config, ConfigError
from tonecheck.cli import main
from tonecheck.cli.init import TEMPLATE
from tonecheck.config_check import BUILTIN_RULE_IDS, unknown_rule_ids, unused_rule_dirs
from tonecheck.config_errors import key_line
from tonecheck.rulebook import available_packs, load_packs


def _write(tmp_path: Path, body: str, name: str = "tonecheck.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _core_ids() -> set[str]:
    return set(load_packs(["core"]).by_id())


def test_misspelt_disable_id_is_an_error_with_line_and_suggestion(tmp_path: Path) -> None:
    path = _write(
        tmp_path, 'packs = ["core"]\ndisable = [\n  "respect.*",\n  "respect.threat-arest",\n]\n'
    )
    problems = unknown_rule_ids(Config.from_file(path), _core_ids())
    assert problems == [
        f"{path}, line 4, key disable: unknown rule id 'respect.threat-arest'; "
        "did you mean 'respect.threat-arrest'? ('tonecheck rules' lists every id)"
    ]


def test_misspelt_severity_key_and_dead_wildcard(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'disable = ["respekt.*"]\n\n[severity]\n"clarity.jargon-remitt" = "suggestion"\n',
    )
    problems = unknown_rule_ids(Config.from_file(path), _core_ids())
    assert len(problems) == 2
    assert problems[0].startswith(
        f"{path}, line 1, key disable: the pattern 'respekt.*' matches no rule"
    )
    assert problems[1].startswith(
        f'{path}, line 4, key severity."clarity.jargon-remitt": unknown rule id'
    )
    assert "did you mean 'clarity.jargon-remit'" in problems[1]


def test_known_ids_wildcards_and_builtin_ids_pass(tmp_path: Path) -> None:
    config = Config(
        disable=["respect.*", "clarity.long-sentence", "format.merge-field-*"],
        severity={"sentiment.hostile-tone": "error", "respect.threat-arrest": "warning"},  # type: ignore[dict-item]
    )
    assert unknown_rule_ids(config, _core_ids()) == []
    assert "format.empty-message" in BUILTIN_RULE_IDS


def test_checker_refuses_a_misspelt_id() -> None:
    with pytest.raises(ConfigError, match=r"unknown rule id 'respect\.threat-arest'"):
        Checker(Config(disable=["respect.threat-arest"]))


def test_cli_reports_misspelt_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, 'disable = ["respect.threat-arest"]\n')
    assert main(["rules", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}, line 1, key disable: unknown rule id" in err


def test_rule_dir_whose_pack_is_not_loaded_is_reported(tmp_path: Path) -> None:
    team = tmp_path / "acme"
    team.mkdir()
    (team / "tone.toml").write_text(
        '[[rule]]\nid = "respect.acme-no-shouting"\ndimension = "respect"\ncategory = "shouting"\n'
        'severity = "warning"\nmessage = "No shouting."\nphrases = ["PAY NOW"]\n'
        'reference = "docs/rule-format.md"\n'
        'examples.bad = ["PAY NOW", "PAY NOW!"]\nexamples.good = ["Please pay."]\n',
        encoding="utf-8",
    )
    path = _write(tmp_path, 'rule_dirs = ["acme"]\n')
    config = Config.from_file(path)
    notes = unused_rule_dirs(config, available_packs(config.rule_dirs))
    assert len(notes) == 1
    assert notes[0].startswith(f"{path}, line 1, key rule_dirs[0]:")
    assert "pack 'acme', which is not in `packs`" in notes[0]
    used = config.model_copy(update={"packs": ["core", "acme"]})
    assert unused_rule_dirs(used, available_packs(used.rule_dirs)) == []


def test_missing_spacy_model_warns(tmp_path: Path) -> None:
    path = _write(tmp_path, 'spacy_model = "xx_not_installed_model"\n')
    checker = Checker(Config.from_file(path))
    assert any(
        note.startswith(f"{path}, line 1, key spacy_model:") and "is not installed" in note
        for note in checker.config_warnings
    )
    assert Checker(Config()).config_warnings == []


def test_skipped_rules_are_shown(tmp_path: Path) -> None:
    pack = tmp_path / "pos"
    pack.mkdir()
    (pack / "pos.toml").write_text(
        '[[rule]]\nid = "respect.pos-verbs"\ndimension = "respect"\ncategory = "pressure"\n'
        'severity = "warning"\nmessage = "A verb."\npatterns = [[{POS = "VERB"}]]\n'
        'reference = "docs/rule-format.md"\n'
        'examples.bad = ["Pay it.", "Call us."]\nexamples.good = ["Thanks."]\n',
        encoding="utf-8",
    )
    config = Config(packs=["core", "pos"], rule_dirs=[pack])
    checker = Checker(config)
    assert checker.resources.compiled.skipped == ["respect.pos-verbs"]
    assert any("were skipped: respect.pos-verbs" in note for note in checker.config_warnings)


def test_tonecheck_config_env_is_honoured_by_discover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, 'fail_on = "warning"\n', name="team.toml")
    monkeypatch.setenv("TONECHECK_CONFIG", str(path))
    monkeypatch.chdir(tmp_path)
    assert Config.discover().fail_on.value == "warning"  # type: ignore[union-attr]
    monkeypatch.setenv("TONECHECK_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="named by TONECHECK_CONFIG"):
        Config.discover()


def test_errors_are_plain_words_with_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'packs = ["core"]\nfail_on = "warnin"\n')
    with pytest.raises(ConfigError) as info:
        Config.from_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line 2, key fail_on: must be one of ")
    assert "got 'warnin'" in message
    for internal in ("enum[", "literal[", "str-enum", "Value error", "Input should"):
        assert internal not in message


def test_top_level_key_inside_a_table_says_so(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "[thresholds.sms]\nmax_grade = 7\n\n[thresholds]\nfail_on = 'warning'\n"
    )
    with pytest.raises(ConfigError) as info:
        Config.from_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line 5, key thresholds.fail_on:")
    assert "top-level setting" in message


def test_pyproject_lines_count_from_the_tool_table(tmp_path: Path) -> None:
    path = _write(
        tmp_path, '[project]\nname = "x"\n\n[tool.tonecheck]\nmax_chars = 0\n', "pyproject.toml"
    )
    with pytest.raises(ConfigError, match=r"line 5, key max_chars: "):
        Config.from_file(path)
    assert key_line(path, ("name",)) is None  # [project] keys are not tonecheck's


def test_init_template_accepts_an_appended_setting(tmp_path: Path) -> None:
    assert 'fail_on = "error"\n' in TEMPLATE
    edited = TEMPLATE.replace('fail_on = "error"\n', "")  # a user moves the line to the end
    path = _write(tmp_path, edited + 'fail_on = "warning"\n')
    assert Config.from_file(path).fail_on.value == "warning"  # type: ignore[union-attr]


def test_builtin_ids_match_what_the_detectors_report() -> None:
    from tonecheck.detectors.placeholders import _FIELD_LABELS

    merge = {i.removeprefix("format.merge-field-") for i in BUILTIN_RULE_IDS if "merge-field-" in i}
    assert merge == set(_FIELD_LABELS)
    report = Checker().check("Dear {{name}}, pay {{amount}} by {{due_date}}.", template=True)
    assert {f.rule for f in [*report.findings, *report.strengths]} <= set(
        BUILTIN_RULE_IDS
    ) | _core_ids()
