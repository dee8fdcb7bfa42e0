"""Model API for the iris classifier.

At startup, loads the model the registered-model alias points at
(models:/iris-classifier@production) from the MLflow server at MLFLOW_TRACKING_URI,
retrying for MODEL_LOAD_TIMEOUT seconds (default 30); if it still cannot, the
process exits non-zero.

  POST /predict  {"instances": [[f1, f2, f3, f4], ...]}
                 -> {"predictions": [int, ...], "model_version": "<n>"}
  GET  /health   200 {"status": "ok", "model_version": "<n>"} once the model is loaded
  GET  /metrics  Prometheus text: predictions_total, prediction_latency_seconds
"""

import logging
import os
import time
from contextlib import asynccontextmanager

# Each load attempt should fail fast; the retry loop below owns the waiting.
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "10")

import mlflow  # noqa: E402
import pandas as pd  # noqa: E402
from fastapi import FastAPI, HTTPException, Response  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402
from prometheus_client import (  # noqa: E402
    CONTENT_TYPE_LATEST,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from pydantic import BaseModel, Field  # noqa: E402

MODEL_NAME = os.environ.get("MODEL_NAME", "iris-classifier")
MODEL_ALIAS = os.environ.get("MODEL_ALIAS", "production")
LOAD_TIMEOUT = float(os.environ.get("MODEL_LOAD_TIMEOUT", "30"))
FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]

log = logging.getLogger("api")
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

# Expose only the series themselves (no *_created samples).
disable_created_metrics()
# prometheus_client appends "_total" to counters: this series is exposed as predictions_total.
PREDICTIONS = Counter("predictions", "POST /predict requests answered")
LATENCY = Histogram("prediction_latency_seconds", "Time spent answering POST /predict")

state: dict = {"model": None, "version": None}


def load_model() -> None:
    """Resolve the alias to a version and load that version; retry until LOAD_TIMEOUT."""
    uri = os.environ.get("MLFLOW_TRACKING_URI")
    if not uri:
        raise RuntimeError("MLFLOW_TRACKING_URI is not set")
    mlflow.set_tracking_uri(uri)
    client = MlflowClient()
    deadline = time.monotonic() + LOAD_TIMEOUT
    attempt = 0
    while True:
        attempt += 1
        try:
            version = client.get_model_version_by_alias(MODEL_NAME, MODEL_ALIAS).version
            # Load the version the alias resolved to, so model and reported version agree
            # even if the alias moves meanwhile.
            model = mlflow.sklearn.load_model(f"models:/{MODEL_NAME}/{version}")
            state.update(model=model, version=str(version))
            log.info("loaded models:/%s@%s = version %s from %s (attempt %d)",
                     MODEL_NAME, MODEL_ALIAS, version, uri, attempt)
            return
        except Exception as exc:  # noqa: BLE001 - server down, no model yet, ...
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
            if time.monotonic() >= deadline:
                raise RuntimeError(
                    f"could not load models:/{MODEL_NAME}@{MODEL_ALIAS} from {uri} "
                    f"within {LOAD_TIMEOUT:.0f}s ({attempt} attempts); last error: {reason}"
                ) from None
            log.warning("model not loadable yet (attempt %d): %s", attempt, reason)
            time.sleep(2)


@asynccontextmanager
async def lifespan(_app: FastAPI):
    try:
        load_model()
    except Exception as exc:  # uvicorn exits non-zero when startup fails
        log.error("startup failed: %s", exc)
        raise
    yield


app = FastAPI(title="iris-classifier API", lifespan=lifespan)


class PredictRequest(BaseModel):
    instances: list[list[float]] = Field(min_length=1)


@app.post("/predict")
def predict(req: PredictRequest) -> dict:
    if state["model"] is None:
        raise HTTPException(status_code=503, detail="model not loaded")
    if any(len(row) != len(FEATURES) for row in req.instances):
        raise HTTPException(status_code=422, detail=f"each instance needs {len(FEATURES)} features")
    started = time.perf_counter()
    frame = pd.DataFrame(req.instances, columns=FEATURES)
    predictions = [int(p) for p in state["model"].predict(frame)]
    LATENCY.observe(time.perf_counter() - started)
    PREDICTIONS.inc()
    return {"predictions": predictions, "model_version": state["version"]}


@app.get("/health")
def health(response: Response) -> dict:
    if state["model"] is None:
        response.status_code = 503
        return {"status": "loading", "model_version": None}
    return {"status": "ok", "model_version": state["version"]}


@app.get("/metrics")
def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
