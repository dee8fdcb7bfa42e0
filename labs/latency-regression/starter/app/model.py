"""The fraud model: a scikit-learn random forest saved with joblib at image build time."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import joblib

log = logging.getLogger("scoring.model")


class ModelStore:
    """Loads the model on first use, so the service starts (and turns healthy) quickly."""

    def __init__(self, path: str):
        self.path = Path(path)
        self._model = None
        self._version: str | None = None

    def get(self):
        if self._model is None:
            self._model = joblib.load(self.path)
            meta = json.loads((self.path.parent / "metadata.json").read_text())
            self._version = meta["model_version"]
            log.debug("loaded %s (%s)", self.path, self._version)
        return self._model

    @property
    def version(self) -> str:
        self.get()
        return self._version or "unknown"

    def score(self, vector: list[float]) -> float:
        """Probability that the transaction is fraudulent."""
        return float(self.get().predict_proba([vector])[0][1])
