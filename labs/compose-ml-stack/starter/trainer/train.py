"""Train the iris classifier and publish it through MLflow.

Trains a small, deterministic scikit-learn model on the iris dataset bundled with
scikit-learn (no download), logs parameters and metrics to the tracking server at
MLFLOW_TRACKING_URI, registers the model as "iris-classifier" and points the
registered-model alias "production" at the new version.

Exit code 0 on success; on any failure one line "train: error: ..." on stderr and
exit code 1.
"""

import os
import sys
import time
import urllib.request
from typing import NoReturn

# Fail fast instead of MLflow's default of minutes of HTTP retries with backoff.
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "1")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "30")

MODEL_NAME = os.environ.get("MODEL_NAME", "iris-classifier")
MODEL_ALIAS = os.environ.get("MODEL_ALIAS", "production")
EXPERIMENT = os.environ.get("MLFLOW_EXPERIMENT_NAME", "iris")
SEED = 42
PARAMS = {"C": 1.0, "max_iter": 500, "solver": "lbfgs"}


def fail(message: str) -> NoReturn:
    print(f"train: error: {' '.join(str(message).split())}", file=sys.stderr, flush=True)
    sys.exit(1)


def check_server(uri: str) -> None:
    """One quick request, so an unreachable server gives a clear error right away."""
    if not uri.startswith(("http://", "https://")):
        fail(f"MLFLOW_TRACKING_URI must be an http(s) URL of the tracking server, got {uri!r}")
    try:
        with urllib.request.urlopen(uri.rstrip("/") + "/health", timeout=5) as resp:
            resp.read()
    except Exception as exc:  # noqa: BLE001 - any failure means the server is not usable
        fail(f"MLflow tracking server at {uri} is unreachable: {exc}")


def main() -> None:
    uri = os.environ.get("MLFLOW_TRACKING_URI")
    if not uri:
        fail("MLFLOW_TRACKING_URI is not set")
    check_server(uri)

    started = time.monotonic()
    import mlflow
    import sklearn
    from mlflow.models import infer_signature
    from mlflow.tracking import MlflowClient
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    mlflow.set_tracking_uri(uri)
    X, y = load_iris(return_X_y=True, as_frame=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=SEED, stratify=y
    )
    model = make_pipeline(StandardScaler(), LogisticRegression(random_state=SEED, **PARAMS))
    model.fit(X_train, y_train)
    pred = model.predict(X_test)
    metrics = {
        "accuracy": float(accuracy_score(y_test, pred)),
        "f1_macro": float(f1_score(y_test, pred, average="macro")),
    }

    mlflow.set_experiment(EXPERIMENT)
    with mlflow.start_run(run_name="iris-logreg") as run:
        mlflow.log_params({**PARAMS, "model": "StandardScaler+LogisticRegression",
                           "random_state": SEED, "test_size": 0.25})
        mlflow.log_metrics(metrics)
        info = mlflow.sklearn.log_model(
            model,
            artifact_path="model",
            signature=infer_signature(X_train, model.predict(X_train)),
            # Explicit requirements: skips MLflow's slow requirement inference.
            pip_requirements=[f"scikit-learn=={sklearn.__version__}"],
            registered_model_name=MODEL_NAME,
        )
    version = str(info.registered_model_version)
    client = MlflowClient()
    client.set_registered_model_alias(MODEL_NAME, MODEL_ALIAS, version)

    print(f"train: run {run.info.run_id} in experiment {EXPERIMENT!r}: "
          f"accuracy={metrics['accuracy']:.4f} f1_macro={metrics['f1_macro']:.4f}")
    print(f"train: registered {MODEL_NAME} version {version} ({info.model_uri}), "
          f"alias {MODEL_ALIAS!r} -> version {version}")
    print(f"train: done in {time.monotonic() - started:.1f}s")


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - one clear line, non-zero exit
        fail(f"{type(exc).__name__}: {exc}")
