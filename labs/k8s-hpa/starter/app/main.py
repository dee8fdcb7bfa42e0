"""HTTP API serving the classifier trained by train.py.

GET  /health   -> {"status": "ok", "model_version": "..."}
POST /predict  {"instances": [[f1, f2, f3, f4], ...]} -> {"predictions": [...], "model_version": "..."}

Startup takes MODEL_WARMUP_SECONDS (default 8): the server accepts no connections until then.
"""

import asyncio
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
IMPORTED_AT = time.monotonic()


def seconds_since_process_start() -> float:
    """How long this process has run: from /proc on Linux, else since this module was imported."""
    since_import = time.monotonic() - IMPORTED_AT
    try:
        # Field 22 of /proc/self/stat: start time in clock ticks after boot (the name, field 2, may hold spaces).
        start_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return since_import
    # Python and the imports take a second or so before this module runs; anything else is a clock mismatch.
    return age if since_import <= age <= since_import + 30 else since_import


Feature = Annotated[float, Field(allow_inf_nan=False)]
Instance = Annotated[list[Feature], Field(min_length=N_FEATURES, max_length=N_FEATURES)]


class PredictRequest(BaseModel):
    instances: list[Instance] = Field(min_length=1, max_length=1000)


class PredictResponse(BaseModel):
    predictions: list[int]
    model_version: str


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Report whether the token is configured; never log its value.
    logger.info("REGISTRY_TOKEN is %s", "set" if os.getenv("REGISTRY_TOKEN") else "not set")

    model_path = Path(os.getenv("MODEL_PATH", DEFAULT_MODEL_PATH))
    bundle = joblib.load(model_path)
    app.state.model = bundle["model"]
    app.state.model_version = bundle["version"]
    logger.info("loaded model %s from %s", app.state.model_version, model_path)

    # Stands in for fetching a large model from the registry at start: in production this takes
    # several seconds. uvicorn only starts listening once this startup has finished, so until then
    # the API answers nothing at all (connections are refused).
    warmup = float(os.getenv("MODEL_WARMUP_SECONDS", "8"))
    remaining = warmup - seconds_since_process_start()
    if remaining > 0:
        logger.info("warming up the model for %.1f s more", remaining)
        await asyncio.sleep(remaining)
    logger.info("ready %.1f s after process start", seconds_since_process_start())
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
