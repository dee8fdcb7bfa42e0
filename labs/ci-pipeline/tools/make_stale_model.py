"""Writes starter/models/model.joblib: the STALE model committed in the repository.

It has the same format as src/train.py's output (a dict with `model` and `features`) but is trained
on an older, smaller slice of the data with other parameters, so its sha256 never equals what
src/train.py produces. A pipeline that builds the image from the checkout ships this file.

Run it with the pinned requirements (e.g. in the lab's runner image), from the lab folder:

    docker run --rm -v "$PWD:/lab" -w /lab <runner image> python tools/make_stale_model.py
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

LAB = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(LAB / "starter" / "src"))

import joblib  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from features import FEATURES, load_dataset  # noqa: E402


def main() -> None:
    x, y = load_dataset(LAB / "starter" / "data" / "train.csv")
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=1000))
    model.fit(x[:300], y[:300])
    out = LAB / "starter" / "models" / "model.joblib"
    joblib.dump({"model": model, "features": list(FEATURES)}, out)
    print(f"{out.relative_to(LAB)}: sha256 {hashlib.sha256(out.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
