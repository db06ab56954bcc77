"""Turn ``tonecheck check PATH...`` arguments into the files to check, as ruff and Vale do.

A file named on the command line is always checked. A folder is walked: hidden files and
folders, version-control and virtual-environment folders, and whatever ``.gitignore`` files
ignore (the folder's own and those of its parents up to the repository root) are left out;
``include`` globs (when given) choose the rest, and ``exclude`` globs remove from it. Globs use
``.gitignore`` syntax, matched against the path relative to the folder being walked, so
``templates/**/*.txt`` and ``drafts/`` mean what they mean in a ``.gitignore``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pathspec import GitIgnoreSpec

#: Folders never walked into: tools' own state, never messages.
ALWAYS_SKIPPED = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox"}
)


@dataclass(frozen=True)
class _Ignore:
    """The patterns of one ``.gitignore``, which apply to paths below its folder."""

    base: Path
    spec: GitIgnoreSpec

    def ignores(self, path: Path, is_dir: bool) -> bool:
        try:
            relative = path.relative_to(self.base).as_posix()
        except ValueError:
            return False
        return self.spec.match_file(relative + ("/" if is_dir else ""))


def _read_gitignore(folder: Path) -> _Ignore | None:
    path = folder / ".gitignore"
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return _Ignore(folder, GitIgnoreSpec.from_lines(lines))


def _parent_ignores(folder: Path) -> list[_Ignore]:
    """The ``.gitignore`` files of the folders above ``folder``, up to its repository root
    (none when it is not inside a repository)."""
    folder = folder.resolve()
    chain = []
    for parent in folder.parents:
        chain.append(parent)
        if (parent / ".git").exists():
            break
    else:
        return []
    found = [_read_gitignore(p) for p in reversed(chain)]
    return [ignore for ignore in found if ignore is not None]


def spec(patterns: Sequence[str]) -> GitIgnoreSpec | None:
    """A glob list in ``.gitignore`` syntax, or None for an empty list."""
    return GitIgnoreSpec.from_lines(patterns) if patterns else None


def walk(root: Path, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Iterator[Path]:
    """Every file under ``root`` to check, in sorted order."""
    wanted, unwanted = spec(include), spec(exclude)
    resolved = root.resolve()
    inherited = _parent_ignores(resolved)
    yield from _walk(root, resolved, root, inherited, wanted, unwanted)


def _walk(
    folder: Path,
    resolved: Path,
    root: Path,
    ignores: list[_Ignore],
    wanted: GitIgnoreSpec | None,
    unwanted: GitIgnoreSpec | None,
) -> Iterator[Path]:
    own = _read_gitignore(resolved)
    if own is not None:
        ignores = [*ignores, own]
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in ALWAYS_SKIPPED:
            continue
        is_dir = entry.is_dir()
        absolute = resolved / entry.name
        if any(i.ignores(absolute, is_dir) for i in ignores):
            continue
        path = folder / entry.name
        relative = path.relative_to(root).as_posix()
        if unwanted is not None and unwanted.match_file(relative + ("/" if is_dir else "")):
            continue
        if is_dir:
            yield from _walk(path, absolute, root, ignores, wanted, unwanted)
        elif wanted is None or wanted.match_file(relative):
            yield path


def expand(inputs: Iterable[str], include: Sequence[str], exclude: Sequence[str]) -> list[str]:
    """The command line's inputs with each folder replaced by the files under it."""
    labels: list[str] = []
    for label in inputs:
        path = Path(label)
        if label != "-" and path.is_dir():
            labels.extend(str(p) for p in walk(path, include, exclude))
        else:
            labels.append(label)
    return labels
