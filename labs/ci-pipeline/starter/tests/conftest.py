from pathlib import Path

import pytest

import train

# Unit tests read their own snapshot of the data: the pipeline's data steps judge data/ itself.
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model trained once per test session from the tests' snapshot of the training data."""
    out = tmp_path_factory.mktemp("model") / "model.joblib"
    train.train(FIXTURES / "train_sample.csv", out)
    return out
