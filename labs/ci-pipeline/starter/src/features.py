"""The model's inputs: feature names in the order the model expects them, and the CSV loader."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

FEATURES = ["temperature_c", "vibration_mm_s", "pressure_bar", "rotation_rpm", "operating_hours"]
LABEL = "failure"


def load_dataset(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Reads a CSV with the FEATURES and LABEL columns into (X, y)."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    x = np.array([[float(row[name]) for name in FEATURES] for row in rows], dtype=float)
    y = np.array([int(row[LABEL]) for row in rows], dtype=int)
    return x, y
