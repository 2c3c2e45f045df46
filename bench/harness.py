"""Shared benchmark plumbing: a table of (metric, ours, baseline, target) rows.

Every benchmark script builds a `Table`, adds rows, and ends with
`sys.exit(table.finish())`: the table is printed and the exit status is non-zero
when any target is missed. Data lives in ../shared/data; a script whose data is
absent prints why and exits 0 (skipped), so CI on a machine without it stays green.
"""

from __future__ import annotations

import operator
import os
import resource
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("STORYDESK_DATA", REPO.parent / "shared" / "data"))

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
}


@dataclass
class Row:
    metric: str
    ours: float | str
    baseline: float | str | None = None
    target: float | None = None
    op: str = ">="  # how ours must compare with target

    @property
    def met(self) -> bool | None:
        if self.target is None or isinstance(self.ours, str):
            return None
        return _COMPARE[self.op](float(self.ours), self.target)


def _fmt(value: float | str | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.3f}"


class Table:
    def __init__(self, title: str) -> None:
        self.title = title
        self.rows: list[Row] = []

    def add(
        self,
        metric: str,
        ours: float | str,
        baseline: float | str | None = None,
        target: float | None = None,
        op: str = ">=",
    ) -> Row:
        row = Row(metric, ours, baseline, target, op)
        self.rows.append(row)
        return row

    def render(self) -> str:
        header = ("metric", "ours", "baseline", "target", "")
        lines = [header]
        for r in self.rows:
            verdict = {True: "ok", False: "MISSED", None: ""}[r.met]
            target = "-" if r.target is None else f"{r.op} {_fmt(r.target)}"
            lines.append((r.metric, _fmt(r.ours), _fmt(r.baseline), target, verdict))
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        out = [f"## {self.title}"]
        for i, line in enumerate(lines):
            out.append(
                "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
            )
            if i == 0:
                out.append("  ".join("-" * w for w in widths))
        return "\n".join(out)

    def finish(self) -> int:
        """Print the table; return the exit status (1 when a target was missed)."""
        print(self.render(), flush=True)
        missed = [r.metric for r in self.rows if r.met is False]
        if missed:
            print(f"targets missed: {', '.join(missed)}", flush=True)
            return 1
        return 0


def require_data(*relative: str) -> list[Path]:
    """Paths under the evaluation data, or exit 0 with a note when they are absent."""
    paths = [DATA / r for r in relative]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"skipped: evaluation data not found: {', '.join(missing)}")
        sys.exit(0)
    return paths


def peak_memory_mb() -> float:
    """Peak resident memory of this process and its waited-for children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024.0
