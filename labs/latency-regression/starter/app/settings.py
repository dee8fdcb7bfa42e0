"""Runtime settings, from the environment."""

import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://redis:6379/0")
MODEL_PATH = os.environ.get("MODEL_PATH", "/app/model/model.joblib")
REFERENCE_PATH = os.environ.get("REFERENCE_PATH", "/app/model/reference.joblib")
AUDIT_LOG = os.environ.get("AUDIT_LOG", "/var/log/scoring/audit.log")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
