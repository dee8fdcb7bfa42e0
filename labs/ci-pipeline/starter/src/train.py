"""Trains the pump-failure classifier on data/train.csv and writes models/model.joblib.

    python src/train.py [--data data/train.csv] [--out models/model.joblib]

Deterministic: the same data and the same pinned versions give the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import joblib
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from features import FEATURES, load_dataset

RANDOM_STATE = 42


def build_model() -> Pipeline:
    return make_pipeline(
        StandardScaler(),
        LogisticRegression(C=1.0, max_iter=1000, random_state=RANDOM_STATE),
    )


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(data: Path, out: Path) -> str:
    """Fits the model on `data`, writes it to `out` and returns the file's sha256."""
    x, y = load_dataset(data)
    model = build_model().fit(x, y)
    out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"model": model, "features": list(FEATURES)}, out)
    return sha256_of(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/train.csv"))
    parser.add_argument("--out", type=Path, default=Path("models/model.joblib"))
    args = parser.parse_args(argv)
    digest = train(args.data, args.out)
    print(f"trained on {args.data}, wrote {args.out}")
    print(f"model sha256: {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
