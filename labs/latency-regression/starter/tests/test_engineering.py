from app.engineering import HOURS, PROFILE, SIGNALS, _trend, build_vector, feature_keys, input_names
from app.synthetic import raw_features


def test_every_stored_feature_has_a_key():
    keys = feature_keys(7)
    assert len(keys) == len(PROFILE) + len(SIGNALS) * HOURS
    assert len(set(keys)) == len(keys)
    assert keys[0] == "fs:7:account_age_days"


def test_vector_lines_up_with_input_names():
    raw, _ = raw_features(7)
    assert len(build_vector(raw, 7)) == len(input_names())


def test_request_fields_override_defaults():
    raw, _ = raw_features(7)
    default = build_vector(raw, 7)
    web = build_vector(raw, 7, {"channel": "web", "amount": 999.0})
    assert default[:-4] == web[:-4]
    assert web[-2] == 1.0 and default[-2] == 0.0


def test_trend():
    assert _trend([1.0, 2.0, 3.0, 4.0]) == 1.0
    assert _trend([5.0, 5.0, 5.0]) == 0.0


def test_synthetic_accounts_are_deterministic():
    assert raw_features(42) == raw_features(42)
