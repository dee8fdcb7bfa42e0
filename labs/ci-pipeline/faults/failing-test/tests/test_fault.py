import features


def test_feature_count() -> None:
    # Wrong on purpose (the model has five features): the failing-test fault.
    assert len(features.FEATURES) == 6
