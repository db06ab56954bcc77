"""Configuration files: validated, with errors that name the file, the key and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonecheck import Checker, Config, ConfigError


def test_defaults_are_a_working_setup() -> None:
    config = Config()
    assert config.packs == ["core"]
    assert config.fail_on.value == "error"  # type: ignore[union-attr]
    assert config.thresholds["sms"].max_characters == 320


def test_tonecheck_toml(tmp_path: Path) -> None:
    path = tmp_path / "tonecheck.toml"
    path.write_text(
        'disable = ["respect.*"]\nfail_on = "warning"\n[thresholds.email]\nmax_grade = 10\n'
    )
    config = Config.from_file(path)
    assert config.is_disabled("respect.threat-arrest")
    assert config.thresholds["email"].max_grade == 10
    assert config.thresholds["email"].max_sentence_words == 30  # other defaults kept


def test_pyproject_table_and_discovery(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tonecheck]\nallow = ["final notice"]\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert Config.discover(nested).allow == ["final notice"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("dissable = ['x']\n", "line 1, key dissable: unknown setting; did you mean 'disable'?"),
        ("fail_on = 'sometimes'\n", "fail_on"),
        ("[thresholds.fax]\nmax_grade = 3\n", "unknown channel 'fax'"),
        ("max_chars = -1\n", "max_chars"),
        ("packs = 'core'\n", "packs"),
        ("this is not toml", "invalid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "tonecheck.toml"
    path.write_text(body)
    with pytest.raises(ConfigError) as info:
        Config.from_file(path)
    assert str(path) in str(info.value)
    assert expected in str(info.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Config.from_file(tmp_path / "nope.toml")


def test_rule_dirs_relative_to_config_file(tmp_path: Path) -> None:
    (tmp_path / "team").mkdir()
    (tmp_path / "tonecheck.toml").write_text('rule_dirs = ["."]\npacks = ["core"]\n')
    config = Config.from_file(tmp_path / "tonecheck.toml")
    assert config.rule_dirs == [tmp_path / "."]


def test_unavailable_spacy_model_degrades_to_blank() -> None:
    checker = Checker(Config(spacy_model="xx_not_installed_model"))
    assert checker.resources.has_model is False
    assert checker.check("You owe $5.").scores.overall > 0
