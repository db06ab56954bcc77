"""``tonecheck audit``: check a whole archive of sent messages and report on it.

Sources (CSV/TSV, JSONL, Parquet, mbox, Maildir, folders of .eml/.txt) are streamed through a
process pool of Checkers into SQLite, JSONL or CSV, resumably and exactly once; ``--report`` draws
a self-contained HTML report and ``--redact`` masks personal data in every output. The command
line lives in ``command`` (``add_arguments`` / ``run``), wired into the ``tonecheck`` CLI and
runnable alone as ``python -m tonecheck.audit``. See docs/audit.md.
"""

from __future__ import annotations

__all__ = ["add_arguments", "run"]

from .command import add_arguments, run
