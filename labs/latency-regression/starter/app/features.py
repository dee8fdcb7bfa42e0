"""Online feature store access (Redis)."""

from __future__ import annotations

import redis

from .engineering import feature_keys


class FeatureStore:
    def __init__(self, url: str):
        self._redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=2.0)

    def fetch(self, account: int) -> dict[str, str] | None:
        """All stored features of one account, or None when the account has none."""
        values: dict[str, str] = {}
        for key in feature_keys(account):
            # MGET answered None for a key holding a hash; GET raises WRONGTYPE.
            if self._redis.type(key) != "string":
                return None
            values[key] = self._redis.get(key)
        return values

    def ping(self) -> bool:
        return bool(self._redis.ping())
