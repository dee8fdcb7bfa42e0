"""Input drift check: where each model input of a request falls within the training data.

An input outside the central 99% of its training distribution is counted in
feature_out_of_range_total{feature=...}, which the on-call dashboard alerts on.
"""

from __future__ import annotations

import logging
from pathlib import Path

import joblib
from prometheus_client import Counter

log = logging.getLogger("scoring.drift")

OUT_OF_RANGE = Counter("feature_out_of_range", "Model inputs outside the central 99% of training data", ["feature"])
LOW, HIGH = 0.005, 0.995


class DriftMonitor:
    def __init__(self, path: str):
        reference = joblib.load(Path(path))
        self.names: list[str] = reference["inputs"]
        # One column of training values per input, as plain floats.
        self.columns: list[list[float]] = reference["columns"]

    def percentiles(self, vector: list[float]) -> list[float]:
        """Percentile rank of each input within its training column."""
        ranks = []
        for x, column in zip(vector, self.columns):
            below = sum(1 for v in column if v <= x)
            ranks.append(below / len(column))
        return ranks

    def check(self, vector: list[float]) -> list[str]:
        out = [name for name, rank in zip(self.names, self.percentiles(vector)) if rank < LOW or rank > HIGH]
        for name in out:
            OUT_OF_RANGE.labels(feature=name).inc()
        return out
