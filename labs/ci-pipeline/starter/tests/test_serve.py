from pathlib import Path

import pytest

from app.serve import Model

ROW = {
    "temperature_c": 95.0,
    "vibration_mm_s": 14.5,
    "pressure_bar": 4.2,
    "rotation_rpm": 2600,
    "operating_hours": 41000,
}


def test_predicts_one_row_and_many(model_path: Path) -> None:
    model = Model(model_path)
    one = model.predict({"features": ROW})
    assert one["predictions"] == [1]
    healthy = {**ROW, "temperature_c": 60.0, "vibration_mm_s": 4.0, "operating_hours": 2000}
    many = model.predict({"instances": [ROW, healthy]})
    assert many["predictions"] == [1, 0]
    assert many["model_sha256"] == model.sha256


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"features": {"temperature_c": 80}},
        {"instances": []},
        {"features": {**ROW, "rotation_rpm": "x"}},
    ],
)
def test_rejects_bad_requests(model_path: Path, body: object) -> None:
    with pytest.raises(ValueError):
        Model(model_path).predict(body)
