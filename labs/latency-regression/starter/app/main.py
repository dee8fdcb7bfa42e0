"""Fraud scoring API.

  POST /predict  {"id": "<request id>", "entity_id": <account>, "features": {...}?}
                 -> {"id": ..., "prediction": <fraud probability>, "model_version": "..."}
  GET  /health   {"status": "ok", "version": ...}
  GET  /metrics  Prometheus text: predictions_total, prediction_latency_seconds
"""

from __future__ import annotations

import logging
import time

from fastapi import FastAPI, HTTPException, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, disable_created_metrics, generate_latest
from pydantic import ValidationError

from . import __version__, audit, settings
from .drift import DriftMonitor
from .engineering import build_vector
from .features import FeatureStore
from .model import ModelStore
from .schemas import PredictRequest, PredictResponse

logging.basicConfig(level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("scoring")

disable_created_metrics()
PREDICTIONS = Counter("predictions", "POST /predict requests answered")
LATENCY = Histogram(
    "prediction_latency_seconds",
    "Time spent answering POST /predict",
    buckets=(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0, 2.5, 5.0),
)

drift = DriftMonitor(settings.REFERENCE_PATH)

app = FastAPI(title="fraud-scoring", version=__version__)


@app.post("/predict", response_model=PredictResponse)
async def predict(request: Request) -> PredictResponse:
    started = time.perf_counter()
    payload = await request.json()
    try:
        req = PredictRequest.model_validate(payload)
    except ValidationError as exc:
        raise HTTPException(status_code=422, detail=exc.errors(include_url=False)) from None
    log.info("predict id=%s entity=%s", req.id, req.entity_id)

    features = FeatureStore(settings.REDIS_URL).fetch(req.entity_id)
    if features is None:
        raise HTTPException(status_code=404, detail=f"no features for entity {req.entity_id}")
    vector = build_vector(features, req.entity_id, req.request_fields())
    drifted = drift.check(vector)
    if drifted:
        log.info("predict id=%s inputs outside the training range: %s", req.id, ", ".join(drifted))
    model = ModelStore(settings.MODEL_PATH)
    score = model.score(vector)
    audit.record(req.id, payload, features, score)

    LATENCY.observe(time.perf_counter() - started)
    PREDICTIONS.inc()
    return PredictResponse(id=req.id, prediction=round(score, 6), model_version=model.version)


@app.get("/health")
def health() -> dict:
    return {"status": "ok", "version": __version__}


@app.get("/metrics")
def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
