from pathlib import Path

import pytest

import validate_data

# Unit tests read their own snapshot of the data: the pipeline's data steps judge data/ itself.
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HEADER = "temperature_c,vibration_mm_s,pressure_bar,rotation_rpm,operating_hours,failure"
GOOD = "75.0,8.00,6.00,1800,20000,0"


def write_csv(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "data.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


@pytest.mark.parametrize("name", ["train_sample.csv", "holdout_sample.csv"])
def test_fixture_data_is_valid(name: str) -> None:
    assert validate_data.validate(FIXTURES / name) == []


def test_clean_file_passes(tmp_path: Path) -> None:
    assert validate_data.validate(write_csv(tmp_path, [GOOD] * 120)) == []


def test_out_of_range_value_is_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [GOOD] * 120 + ["75.0,-999,6.00,1800,20000,1"])
    problems = validate_data.validate(path)
    assert len(problems) == 1
    assert problems[0].startswith("vibration_mm_s: 1 values outside")
    assert "rows 122" in problems[0]


def test_empty_and_non_numeric_values_are_reported(tmp_path: Path) -> None:
    bad = [",8.00,6.00,1800,20000,0", "75.0,8.00,high,1800,20000,0"]
    path = write_csv(tmp_path, [GOOD] * 120 + bad)
    problems = validate_data.validate(path)
    assert any(p.startswith("temperature_c: 1 empty values") for p in problems)
    assert any(p.startswith("pressure_bar: 1 non-numeric values") for p in problems)


def test_label_outside_0_1_is_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [GOOD] * 120 + ["75.0,8.00,6.00,1800,20000,2"])
    problems = validate_data.validate(path)
    assert problems == ["failure: 1 values not in {0, 1} (rows 122)"]


def test_missing_column_and_too_few_rows(tmp_path: Path) -> None:
    header = HEADER.replace(",operating_hours", "")
    problems = validate_data.validate(write_csv(tmp_path, ["75.0,8.00,6.00,1800,0"] * 10, header))
    assert "missing columns: operating_hours" in problems
    assert "10 rows, at least 100 expected" in problems


def test_main_exit_status(tmp_path: Path) -> None:
    good = write_csv(tmp_path, [GOOD] * 120)
    assert validate_data.main([str(good)]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n" + "75.0,99,6.00,1800,20000,0\n" * 120)
    assert validate_data.main([str(good), str(bad)]) == 1
