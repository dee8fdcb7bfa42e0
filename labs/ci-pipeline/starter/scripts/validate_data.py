"""Validates data files against the data contract before anything trains on them.

    python scripts/validate_data.py data/train.csv data/holdout.csv [--min-rows 100]

Checks: the expected columns (and no others), no empty values, numeric features within their
physical ranges, a label of 0 or 1, and a minimum number of rows. Prints every problem found and
exits with status 1 if there is any.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

# The data contract: feature -> (min, max), the physically plausible range of the sensor.
SCHEMA = {
    "temperature_c": (20.0, 130.0),
    "vibration_mm_s": (0.0, 40.0),
    "pressure_bar": (0.5, 15.0),
    "rotation_rpm": (300.0, 4000.0),
    "operating_hours": (0.0, 60000.0),
}
LABEL = "failure"
LABEL_VALUES = {"0", "1"}
MIN_ROWS = 100
EXAMPLES = 3


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:EXAMPLES])
    return f"rows {shown}{', ...' if len(rows) > EXAMPLES else ''}"


def validate(path: str | Path, min_rows: int = MIN_ROWS) -> list[str]:
    """Returns the problems of the CSV file at `path` (an empty list when it is valid)."""
    path = Path(path)
    if not path.is_file():
        return [f"{path}: file not found"]
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames or []
        rows = list(reader)

    problems = []
    expected = [*SCHEMA, LABEL]
    missing = [c for c in expected if c not in columns]
    unexpected = [c for c in columns if c not in expected]
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    if unexpected:
        problems.append(f"unexpected columns: {', '.join(unexpected)}")
    if len(rows) < min_rows:
        problems.append(f"{len(rows)} rows, at least {min_rows} expected")

    # Line numbers as in the file (the header is line 1).
    ragged = [i for i, row in enumerate(rows, start=2) if None in row or None in row.values()]
    if ragged:
        problems.append(f"{len(ragged)} rows with a wrong number of fields ({_rows_text(ragged)})")

    for name, (low, high) in SCHEMA.items():
        if name not in columns:
            continue
        empty, not_numeric, out_of_range = [], [], []
        examples: list[str] = []
        for line, row in enumerate(rows, start=2):
            text = (row.get(name) or "").strip()
            if not text:
                empty.append(line)
                continue
            try:
                value = float(text)
            except ValueError:
                not_numeric.append(line)
                continue
            if not math.isfinite(value):
                not_numeric.append(line)
            elif not low <= value <= high:
                out_of_range.append(line)
                if len(examples) < EXAMPLES:
                    examples.append(text)
        if empty:
            problems.append(f"{name}: {len(empty)} empty values ({_rows_text(empty)})")
        if not_numeric:
            problems.append(
                f"{name}: {len(not_numeric)} non-numeric values ({_rows_text(not_numeric)})"
            )
        if out_of_range:
            problems.append(
                f"{name}: {len(out_of_range)} values outside [{low:g}, {high:g}] "
                f"({_rows_text(out_of_range)}: {', '.join(examples)})"
            )

    if LABEL in columns:
        bad = [
            line
            for line, row in enumerate(rows, start=2)
            if (row.get(LABEL) or "").strip() not in LABEL_VALUES
        ]
        if bad:
            problems.append(f"{LABEL}: {len(bad)} values not in {{0, 1}} ({_rows_text(bad)})")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--min-rows", type=int, default=MIN_ROWS)
    args = parser.parse_args(argv)
    failed = False
    for path in args.files:
        problems = validate(path, args.min_rows)
        if problems:
            failed = True
            print(f"INVALID {path}:")
            for problem in problems:
                print(f"  - {problem}")
        else:
            print(f"OK {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
