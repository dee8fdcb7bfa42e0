"""Generates the lab's data once, deterministically (standard library only: no numpy needed).

    python labs/ci-pipeline/tools/make_data.py

Writes
  starter/data/train.csv, starter/data/holdout.csv   pump telemetry, label `failure` (0/1)
  faults/low-accuracy/data/train.csv                 train.csv with its labels shuffled: valid, unlearnable
  faults/corrupt-data/data/train.csv                 train.csv with a sensor sentinel (-999) in 20% of rows

The label is a noisy linear function of the standardised features, so a linear model reaches about
0.93 on the holdout set; with shuffled labels nothing can be learnt (about 0.5).
Running it again rewrites the same bytes.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

LAB = Path(__file__).resolve().parents[1]
SEED = 20261130
N_TRAIN, N_HOLDOUT = 800, 200

# name: (mean, sd, lower clip, upper clip, decimals, weight in the label's score)
FEATURES = {
    "temperature_c": (75.0, 12.0, 35.0, 120.0, 1, 1.4),
    "vibration_mm_s": (8.0, 3.5, 0.5, 30.0, 2, 1.8),
    "pressure_bar": (6.0, 1.8, 1.0, 12.0, 2, -0.9),
    "rotation_rpm": (1800.0, 450.0, 600.0, 3600.0, 0, 0.5),
    "operating_hours": (22500.0, 13000.0, 0.0, 45000.0, 0, 1.0),
}
LABEL = "failure"
NOISE_SD = 0.6
SENTINEL = -999
CORRUPT_FEATURE = "vibration_mm_s"
CORRUPT_SHARE = 0.2


def fmt(value: float, decimals: int) -> str:
    return str(int(round(value))) if decimals == 0 else f"{value:.{decimals}f}"


def make_rows(rng: random.Random, n: int) -> list[dict[str, str]]:
    rows = []
    for _ in range(n):
        row: dict[str, str] = {}
        score = 0.0
        for name, (mean, sd, lo, hi, decimals, weight) in FEATURES.items():
            if name == "operating_hours":
                value = rng.uniform(lo, hi)
            else:
                value = min(hi, max(lo, rng.gauss(mean, sd)))
            text = fmt(value, decimals)
            score += weight * (float(text) - mean) / sd
            row[name] = text
        row[LABEL] = "1" if score + rng.gauss(0.0, NOISE_SD) > 0 else "0"
        rows.append(row)
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[*FEATURES, LABEL], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    positives = sum(r[LABEL] == "1" for r in rows)
    print(f"{path.relative_to(LAB)}: {len(rows)} rows, {positives} failures")


def main() -> None:
    rng = random.Random(SEED)
    train = make_rows(rng, N_TRAIN)
    holdout = make_rows(rng, N_HOLDOUT)
    write(LAB / "starter/data/train.csv", train)
    write(LAB / "starter/data/holdout.csv", holdout)

    labels = [r[LABEL] for r in train]
    random.Random(SEED + 1).shuffle(labels)
    shuffled = [{**r, LABEL: label} for r, label in zip(train, labels)]
    write(LAB / "faults/low-accuracy/data/train.csv", shuffled)

    bad = set(random.Random(SEED + 2).sample(range(N_TRAIN), int(N_TRAIN * CORRUPT_SHARE)))
    corrupt = [{**r, CORRUPT_FEATURE: str(SENTINEL)} if i in bad else r for i, r in enumerate(train)]
    write(LAB / "faults/corrupt-data/data/train.csv", corrupt)


if __name__ == "__main__":
    main()
