"""Writes the synthetic accounts' features to Redis (the online store), then exits.

    python -m app.seed            accounts 1..SEED_ACCOUNTS (default 500)
"""

from __future__ import annotations

import logging
import os
import sys
import time

import redis

from . import settings
from .synthetic import raw_features

log = logging.getLogger("scoring.seed")


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    accounts = int(os.environ.get("SEED_ACCOUNTS", "500"))
    client = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    for attempt in range(30):
        try:
            client.ping()
            break
        except redis.ConnectionError as exc:
            log.warning("redis not reachable yet (attempt %d): %s", attempt + 1, exc)
            time.sleep(1)
    else:
        log.error("redis at %s never answered", settings.REDIS_URL)
        return 1
    started = time.monotonic()
    pipe = client.pipeline(transaction=False)
    for account in range(1, accounts + 1):
        values, _risk = raw_features(account)
        pipe.mset(values)
        if account % 50 == 0:
            pipe.execute()
    pipe.set("fs:meta:accounts", accounts)
    pipe.execute()
    log.info("seeded %d accounts in %.1f s", accounts, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
