import json
from pathlib import Path

import evaluate
import train

# Unit tests read their own snapshot of the data: the pipeline's data steps judge data/ itself.
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_training_is_deterministic(model_path: Path, tmp_path: Path) -> None:
    again = train.train(FIXTURES / "train_sample.csv", tmp_path / "again.joblib")
    assert again == train.sha256_of(model_path)


def test_model_beats_the_bar_on_holdout(model_path: Path) -> None:
    metrics = evaluate.evaluate(model_path, FIXTURES / "holdout_sample.csv")
    assert metrics["samples"] == 200
    assert metrics["accuracy"] >= 0.85


def test_evaluate_gate(model_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "metrics.json"
    common = ["--model", str(model_path), "--data", str(FIXTURES / "holdout_sample.csv")]
    common += ["--metrics", str(out)]
    # An unreachable bar: a warning only, unless --fail-below makes it a gate.
    assert evaluate.main([*common, "--min-accuracy", "1.01"]) == 0
    assert json.loads(out.read_text())["passed"] is False
    assert evaluate.main([*common, "--min-accuracy", "1.01", "--fail-below"]) == 1
    assert evaluate.main([*common, "--min-accuracy", "0.85", "--fail-below"]) == 0
    assert json.loads(out.read_text())["passed"] is True
