from pathlib import Path

import features
import validate_data

# Unit tests read their own snapshot of the data: the pipeline's data steps judge data/ itself.
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_training_features_follow_the_data_contract() -> None:
    assert features.FEATURES == list(validate_data.SCHEMA)
    assert features.LABEL == validate_data.LABEL


def test_load_dataset_shapes_and_labels() -> None:
    x, y = features.load_dataset(FIXTURES / "train_sample.csv")
    assert x.shape == (len(y), len(features.FEATURES))
    assert len(y) >= validate_data.MIN_ROWS
    assert set(y.tolist()) == {0, 1}
