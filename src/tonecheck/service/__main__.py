"""``python -m tonecheck.service``: the same as ``tonecheck serve``, usable before (and without)
the main CLI, e.g. in a container whose entry point should not depend on the CLI's other commands."""

from __future__ import annotations

import argparse
import sys

from .command import add_arguments, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tonecheck.service",
        description="Serve tonecheck over HTTP (POST /v1/check, /v1/check-batch, /v1/rewrite; "
        "GET /v1/rules, /healthz; playground at /).",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
