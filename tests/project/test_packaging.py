"""The wheel and sdist carry the rule packs, and the wheel works outside the source tree."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--wheel",
            "--sdist",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return out


def test_wheel_and_sdist_contain_rule_packs(dist: Path) -> None:
    wheel = next(dist.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("tonecheck/_rules/core/") and n.endswith(".toml") for n in names)
    assert "tonecheck/py.typed" in names
    sdist = next(dist.glob("*.tar.gz"))
    with tarfile.open(sdist) as archive:
        members = archive.getnames()
    assert any("/rules/core/" in m and m.endswith(".toml") for m in members)


@pytest.mark.slow
def test_wheel_installs_and_checks_in_fresh_venv(dist: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    wheel = next(dist.glob("*.whl"))
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    # Dependencies come from this environment's site-packages through a plain path entry; the
    # editable tonecheck there is not activated (its .pth hooks are not processed), so the
    # import below can only find the wheel's copy.
    venv_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(venv_site, "parent-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    script = (
        "import tonecheck, pathlib;"
        "from tonecheck.rulebook import builtin_rules_dir;"
        "d = builtin_rules_dir(); assert d.name == '_rules', d;"
        "assert 'site-packages' in str(pathlib.Path(tonecheck.__file__)), tonecheck.__file__;"
        "r = tonecheck.check('Pay now or we will have you arrested, you deadbeat.');"
        "print(r.scores.respect, len(r.findings))"
    )
    result = subprocess.run(
        [str(python), "-c", script], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    respect, findings = result.stdout.split()
    assert float(respect) < 80 and int(findings) >= 1


def test_project_metadata_has_no_placeholder_urls() -> None:
    """PyPI shows the project URLs as links: a placeholder host sends users nowhere."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    urls = list(project.get("urls", {}).values())
    assert not [url for url in urls if ".invalid" in url or "example." in url]
