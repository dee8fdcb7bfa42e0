"""Audit trail of scored requests: what came in and what the model was given (SEC-112).

One line for the payload, one per feature value read from the store and one for the score,
in AUDIT_LOG.
"""

from __future__ import annotations

import json
import logging
import atexit
import os
import queue
from logging.handlers import QueueHandler, QueueListener
from pathlib import Path

from . import settings


class DurableFileHandler(logging.FileHandler):
    """A FileHandler whose records are on disk when emit() returns (nothing lost on a crash)."""

    def emit(self, record: logging.LogRecord) -> None:
        super().emit(record)
        if self.stream is not None:
            os.fsync(self.stream.fileno())


def _audit_logger() -> logging.Logger:
    logger = logging.getLogger("scoring.audit")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if not logger.handlers:
        Path(settings.AUDIT_LOG).parent.mkdir(parents=True, exist_ok=True)
        handler = DurableFileHandler(settings.AUDIT_LOG, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        # A background thread writes (and fsyncs) the records: a request only enqueues them.
        records: queue.SimpleQueue = queue.SimpleQueue()
        listener = QueueListener(records, handler)
        listener.start()
        atexit.register(listener.stop)
        logger.addHandler(QueueHandler(records))
    return logger


audit = _audit_logger()


def record(request_id: str, payload: dict, features: dict[str, str], score: float) -> None:
    audit.info("request id=%s payload=%s", request_id, json.dumps(payload, sort_keys=True))
    for key, value in features.items():
        audit.info("feature id=%s %s=%s", request_id, key, value)
    audit.info("scored id=%s score=%.6f", request_id, score)
