"""Evaluates models/model.joblib on data/holdout.csv and writes metrics.json.

    python src/evaluate.py [--min-accuracy 0.85] [--fail-below]
                           [--model models/model.joblib] [--data data/holdout.csv]
                           [--metrics metrics.json]

Below --min-accuracy it prints a warning; with --fail-below it also exits with status 1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import joblib

from features import load_dataset


def evaluate(model_path: Path, data: Path) -> dict:
    bundle = joblib.load(model_path)
    x, y = load_dataset(data)
    predictions = bundle["model"].predict(x)
    return {
        "accuracy": round(float((predictions == y).mean()), 4),
        "samples": int(len(y)),
        "model_sha256": hashlib.sha256(model_path.read_bytes()).hexdigest(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("models/model.joblib"))
    parser.add_argument("--data", type=Path, default=Path("data/holdout.csv"))
    parser.add_argument("--metrics", type=Path, default=Path("metrics.json"))
    parser.add_argument("--min-accuracy", type=float, default=0.85)
    parser.add_argument(
        "--fail-below",
        action="store_true",
        help="exit with status 1 when the accuracy is below --min-accuracy",
    )
    args = parser.parse_args(argv)

    metrics = evaluate(args.model, args.data)
    metrics["min_accuracy"] = args.min_accuracy
    metrics["passed"] = metrics["accuracy"] >= args.min_accuracy
    args.metrics.write_text(json.dumps(metrics, indent=2) + "\n")
    print(
        f"accuracy {metrics['accuracy']:.4f} on {metrics['samples']} holdout rows "
        f"(model sha256 {metrics['model_sha256']})"
    )
    if metrics["passed"]:
        print(f"OK: accuracy is at least {args.min_accuracy}")
        return 0
    below = f"accuracy {metrics['accuracy']:.4f} is below {args.min_accuracy}"
    if args.fail_below:
        print(f"ERROR: {below}", file=sys.stderr)
        return 1
    print(f"WARNING: {below}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
