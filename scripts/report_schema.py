"""Write docs/report.schema.json: the JSON Schema of report.json (and of the /api
answers, which are parts of it), generated from the read model's dataclasses.

    .venv/bin/python scripts/report_schema.py

tests/test_report_schema.py fails when the checked-in file is not what this writes.
"""

from __future__ import annotations

import json
from pathlib import Path

from storydesk.write.json_report import report_schema

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "report.schema.json"


def schema_text() -> str:
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.parent.mkdir(exist_ok=True)
    SCHEMA_PATH.write_text(schema_text(), "utf-8")
    print(f"wrote {SCHEMA_PATH}")
