from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import train
from app.main import app

DATA = Path(__file__).resolve().parent.parent / "data" / "train.csv"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("model")
    train.train(DATA, out_dir)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MODEL_PATH", str(out_dir / "model.joblib"))
        with TestClient(app) as test_client:
            yield test_client


def test_health_reports_model_version(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["model_version"].startswith("1.0.0+data.")


def test_predict_returns_one_label_per_instance(client):
    instances = [[2.0, 60.0, 5.0, 1.5], [4.5, 72.0, 4.2, 1.35], [7.5, 85.0, 3.2, 1.1]]
    response = client.post("/predict", json={"instances": instances})
    assert response.status_code == 200
    assert response.json()["predictions"] == [0, 1, 2]


@pytest.mark.parametrize(
    "payload",
    [
        {"instances": [[1.0, 2.0, 3.0]]},
        {"instances": []},
        {"instances": [["a", 2.0, 3.0, 4.0]]},
        {"rows": [[1.0, 2.0, 3.0, 4.0]]},
    ],
)
def test_predict_rejects_bad_input(client, payload):
    assert client.post("/predict", json=payload).status_code == 422
