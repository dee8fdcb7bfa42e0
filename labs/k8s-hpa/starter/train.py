"""Train the machine-state classifier.

Reads data/train.csv (4 sensor features, label `state`: 0 normal, 1 worn, 2 failing)
and writes model/model.joblib and model/VERSION. Deterministic: the same data and
the same pinned library versions give the same model and the same predictions.
"""

import argparse
import hashlib
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

HERE = Path(__file__).resolve().parent
FEATURES = ["vibration_mm_s", "temperature_c", "pressure_bar", "rpm_k"]
SEED = 42
N_TREES = 300


def load(data_path: Path) -> tuple[np.ndarray, np.ndarray]:
    table = np.loadtxt(data_path, delimiter=",", skiprows=1)
    return table[:, : len(FEATURES)], table[:, len(FEATURES)].astype(int)


def train(data_path: Path, out_dir: Path) -> str:
    X, y = load(data_path)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, random_state=SEED, stratify=y
    )
    # Fixed seed and a single job: the same trees on every build.
    model = RandomForestClassifier(n_estimators=N_TREES, random_state=SEED, n_jobs=1)
    model.fit(X_train, y_train)
    accuracy = model.score(X_test, y_test)

    digest = hashlib.sha256(data_path.read_bytes()).hexdigest()[:12]
    version = f"1.0.0+data.{digest}"
    out_dir.mkdir(parents=True, exist_ok=True)
    joblib.dump(
        {"model": model, "version": version, "features": FEATURES, "sklearn": sklearn.__version__},
        out_dir / "model.joblib",
    )
    (out_dir / "VERSION").write_text(version + "\n")
    print(f"trained {version} on {len(y_train)} rows, holdout accuracy {accuracy:.3f}")
    return version


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data" / "train.csv")
    parser.add_argument("--out", type=Path, default=HERE / "model")
    args = parser.parse_args()
    train(args.data, args.out)
