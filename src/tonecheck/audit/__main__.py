"""``python -m tonecheck.audit``: the audit command without the rest of the CLI."""

from __future__ import annotations

import argparse
import sys

from .command import add_arguments, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tonecheck audit")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
