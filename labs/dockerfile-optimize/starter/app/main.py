"""HTTP API serving the classifier trained by train.py.

GET  /health   -> {"status": "ok", "model_version": "..."}
POST /predict  {"instances": [[f1, f2, f3, f4], ...]} -> {"predictions": [...], "model_version": "..."}
"""

import logging
import os
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

import joblib
import numpy as np
from fastapi import FastAPI, Request
from pydantic import BaseModel, Field

N_FEATURES = 4
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "model" / "model.joblib"

logging.basicConfig(
    level=os.getenv("LOG_LEVEL", "INFO").upper(),
    format="%(asctime)s %(levelname)s %(name)s: %(message)s",
)
logger = logging.getLogger("model_api")

Feature = Annotated[float, Field(allow_inf_nan=False)]
Instance = Annotated[list[Feature], Field(min_length=N_FEATURES, max_length=N_FEATURES)]


class PredictRequest(BaseModel):
    instances: list[Instance] = Field(min_length=1, max_length=1000)


class PredictResponse(BaseModel):
    predictions: list[int]
    model_version: str


@asynccontextmanager
async def lifespan(app: FastAPI):
    model_path = Path(os.getenv("MODEL_PATH", DEFAULT_MODEL_PATH))
    bundle = joblib.load(model_path)
    app.state.model = bundle["model"]
    app.state.model_version = bundle["version"]
    logger.info("loaded model %s from %s", app.state.model_version, model_path)
    yield


app = FastAPI(title="machine-state model API", lifespan=lifespan)


@app.middleware("http")
async def log_requests(request: Request, call_next):
    start = time.perf_counter()
    response = await call_next(request)
    elapsed_ms = (time.perf_counter() - start) * 1000
    logger.info(
        "%s %s -> %d (%.1f ms)",
        request.method,
        request.url.path,
        response.status_code,
        elapsed_ms,
    )
    return response


@app.get("/health")
def health(request: Request) -> dict:
    return {"status": "ok", "model_version": request.app.state.model_version}


@app.post("/predict")
def predict(body: PredictRequest, request: Request) -> PredictResponse:
    features = np.asarray(body.instances, dtype=float)
    labels = request.app.state.model.predict(features)
    return PredictResponse(
        predictions=[int(label) for label in labels],
        model_version=request.app.state.model_version,
    )
