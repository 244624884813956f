"""``python -m tools.bpmn_layout [--check] FILE...``: lay BPMN files out in place, or check they are.

Exit status: 0 all laid out; 1 with ``--check``, some diagram missing or out of date; 2 some file
could not be laid out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .document import has_diagram, layout
from .model import LayoutError
from .ordering import reordered_choices

STALE, FAILED = 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.bpmn_layout", description="Give BPMN files a tidy diagram (BPMN DI)."
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; list files whose diagram is missing or stale"
    )
    args = parser.parse_args(argv)
    status = 0
    for path in args.files:
        status = max(status, _process(path, args.check))
    return status


def _process(path: Path, check: bool) -> int:
    try:
        content = path.read_bytes()
        laid_out = layout(content)
    except (OSError, LayoutError) as err:
        print(f"{path}: {err}", file=sys.stderr)
        return FAILED
    if laid_out == content:
        return 0
    if check:
        print(f"{path}: {'diagram out of date' if has_diagram(content) else 'no diagram'}")
        return STALE
    for warning in reordered_choices(content, laid_out):
        print(f"{path}: warning: {warning}", file=sys.stderr)
    path.write_bytes(laid_out)
    print(f"{path}: laid out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
