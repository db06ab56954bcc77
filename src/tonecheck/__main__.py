"""``python -m tonecheck``: the same command line as the ``tonecheck`` script."""

from __future__ import annotations

from tonecheck.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
