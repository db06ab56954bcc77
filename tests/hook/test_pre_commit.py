"""The pre-commit configuration in docs/integrations.md works as documented: pre-commit runs
it against a scratch repository, blocks the harsh template and prints concise lines."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _documented_config() -> str:
    text = (REPO / "docs" / "integrations.md").read_text(encoding="utf-8")
    section = text.split("## pre-commit", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert block, "docs/integrations.md shows a .pre-commit-config.yaml"
    return block.group(1)


def test_documented_config_has_no_placeholders() -> None:
    text = (REPO / "docs" / "integrations.md").read_text(encoding="utf-8")
    section = text.split("## pre-commit", 1)[1].split("\n## ", 1)[0]
    assert "example.invalid" not in section
    assert "v0.1.0" not in section


@pytest.mark.e2e
def test_pre_commit_runs_the_documented_hook(tmp_path: Path) -> None:
    repo = tmp_path / "templates-repo"
    (repo / "templates").mkdir(parents=True)
    (repo / ".pre-commit-config.yaml").write_text(_documented_config(), encoding="utf-8")
    (repo / "templates" / "harsh.txt").write_text(
        "Pay {{amount}} now or we will have you arrested.\n", encoding="utf-8"
    )
    (repo / "templates" / "kind.txt").write_text(
        "Hi {{name}}, thank you for your payment of {{amount}}. Have a good week.\n",
        encoding="utf-8",
    )
    (repo / "notes.md").write_text("Pay now or we will have you arrested.\n", encoding="utf-8")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "NO_COLOR": "1",
    }
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q", str(repo)], check=True, env=env)
    subprocess.run([*git, "-C", str(repo), "add", "."], check=True, env=env)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert re.search(r"^templates/harsh\.txt:1:\d+: error respect\.threat-arrest ", out, re.M), out
    assert "notes.md" not in out  # outside files: ^templates/
    assert "respect       clarity" not in out  # no score tables in a commit log
