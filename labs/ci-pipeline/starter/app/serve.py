"""The model API, standard library and joblib only.

    GET  /health   -> {"status": "ok", "model_sha256": "..."}
    POST /predict  {"features": {"temperature_c": 81.2, ...}}
                   or {"instances": [{...}, {...}]}
                -> {"predictions": [0 or 1, ...], "probabilities": [...], "model_sha256": "..."}

    python -m app.serve          (MODEL_PATH and PORT override the defaults)
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import joblib

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "model.joblib"
MAX_BODY_BYTES = 1 << 20


class Model:
    def __init__(self, path: Path):
        self.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        bundle = joblib.load(path)
        self.estimator = bundle["model"]
        self.features = list(bundle["features"])

    def predict(self, payload: object) -> dict:
        """Predicts for a request body; ValueError names what is wrong with it."""
        if not isinstance(payload, dict):
            raise ValueError("the body must be a JSON object")
        rows = payload["instances"] if "instances" in payload else [payload.get("features")]
        if not isinstance(rows, list) or not rows:
            raise ValueError('"instances" must be a non-empty list')
        matrix = []
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise ValueError(f"instance {i}: an object of features is expected")
            missing = [name for name in self.features if name not in row]
            if missing:
                raise ValueError(f"instance {i}: missing features {', '.join(missing)}")
            values = [row[name] for name in self.features]
            if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
                raise ValueError(f"instance {i}: every feature must be a number")
            matrix.append([float(v) for v in values])
        probabilities = self.estimator.predict_proba(matrix)[:, 1]
        return {
            "predictions": [int(p >= 0.5) for p in probabilities],
            "probabilities": [round(float(p), 4) for p in probabilities],
            "model_sha256": self.sha256,
        }


def make_handler(model: Model) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "model-api/1.0"

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/health":
                self._send(200, {"status": "ok", "model_sha256": model.sha256})
            else:
                self._send(404, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            if self.path != "/predict":
                self._send(404, {"error": "not found"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 < length <= MAX_BODY_BYTES:
                self._send(400, {"error": f"a JSON body of 1-{MAX_BODY_BYTES} bytes is expected"})
                return
            try:
                result = model.predict(json.loads(self.rfile.read(length)))
            except ValueError as err:
                self._send(400, {"error": str(err)})
                return
            self._send(200, result)

        def _send(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def main() -> None:
    model = Model(Path(os.environ.get("MODEL_PATH", DEFAULT_MODEL_PATH)))
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("0.0.0.0", port), make_handler(model))
    # As PID 1 in a container, SIGTERM is ignored unless handled: stop at once on docker stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"model-api: model sha256 {model.sha256}, listening on :{port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
