"""Trains the fraud model on synthetic accounts (fixed seeds: the same model file, byte for byte,
on every build) and writes model/model.joblib, model/metadata.json and model/reference.joblib
(the training values of every input, for the drift check).

    python train.py --out model
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path

import joblib
from sklearn.ensemble import RandomForestClassifier

from app.engineering import build_vector, input_names
from app.synthetic import label, raw_features, request_fields

MODEL_VERSION = "fraud-rf-2026.03"
TRAIN_ACCOUNTS = range(100_001, 108_001)  # disjoint from the served accounts (1..500)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="model")
    args = parser.parse_args()

    rng = random.Random(2026)
    X, y = [], []
    for account in TRAIN_ACCOUNTS:
        raw, risk = raw_features(account)
        request = request_fields(rng)
        X.append(build_vector(raw, account, request))
        y.append(label(risk, request, rng))

    model = RandomForestClassifier(n_estimators=200, min_samples_leaf=2, random_state=7, n_jobs=1)
    model.fit(X, y)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "model.joblib"
    joblib.dump(model, path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    meta = {"model_version": MODEL_VERSION, "inputs": input_names(), "train_rows": len(y),
            "positive_rate": round(sum(y) / len(y), 4), "sha256": digest}
    sample = X[:5000]  # the drift check's reference: the first 5000 training rows
    columns = [[round(row[i], 6) for row in sample] for i in range(len(X[0]))]
    joblib.dump({"inputs": input_names(), "columns": columns}, out / "reference.joblib")
    (out / "metadata.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"{MODEL_VERSION}: {len(y)} rows, {path.stat().st_size / 1e6:.1f} MB, sha256 {digest}")


if __name__ == "__main__":
    main()
