"""``python -m tonecheck.cli``: the same as ``tonecheck`` and ``python -m tonecheck``."""

from __future__ import annotations

from tonecheck.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
