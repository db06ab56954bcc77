"""``python -m tonecheck.daemon --config-json FILE --fingerprint FP``: run the daemon (the
client starts it; users run ``tonecheck daemon start``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .server import serve


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tonecheck.daemon")
    parser.add_argument("--config-json", required=True, help="file holding the Config as JSON")
    parser.add_argument("--fingerprint", required=True)
    args = parser.parse_args()
    path = Path(args.config_json)
    config_json = path.read_text(encoding="utf-8")
    path.unlink(missing_ok=True)
    return serve(config_json, args.fingerprint)


if __name__ == "__main__":
    sys.exit(main())
