"""Deterministic synthetic accounts: the features the seeding job writes to Redis, and the
training set. Same account id, same values, on every machine."""

from __future__ import annotations

import math
import random

from .engineering import CHANNELS, HOURS, PROFILE, SIGNALS, feature_keys


def _rng(account: int) -> random.Random:
    return random.Random(account * 7919 + 13)


def raw_features(account: int) -> tuple[dict[str, str], float]:
    """The stored features of one account (as strings, the way Redis keeps them) and its latent risk."""
    rng = _rng(account)
    risk = rng.betavariate(1.2, 6.0)
    profile = {
        "account_age_days": rng.uniform(5, 4000) * (1.2 - risk),
        "credit_limit": rng.choice([500, 1000, 2500, 5000, 10000, 20000]),
        "avg_ticket_30d": rng.lognormvariate(3.5, 0.8),
        "txn_count_30d": rng.randint(0, 240),
        "chargebacks_365d": int(rng.expovariate(1.0) * risk * 4),
        "distinct_merchants_30d": rng.randint(0, 60),
        "distinct_devices_30d": 1 + int(rng.expovariate(1.0) * (1 + 6 * risk)),
        "home_country_risk": round(rng.random() * 0.5 + risk * 0.5, 4),
        "email_age_days": rng.uniform(0, 6000) * (1.1 - risk),
        "kyc_level": rng.choice([0, 1, 2, 3]),
        "disputes_90d": int(rng.expovariate(2.0) * risk * 6),
        "balance_ratio": round(rng.random(), 4),
    }
    values: dict[str, str] = {}
    keys = iter(feature_keys(account))
    for name in PROFILE:
        values[next(keys)] = repr(round(float(profile[name]), 4))
    for s, _signal in enumerate(SIGNALS):
        base = rng.uniform(0.0, 3.0) * (1 + 4 * risk * (s % 3 == 1))
        for _h in range(HOURS):
            values[next(keys)] = repr(round(max(0.0, rng.gauss(base, 1.0 + risk * 3)), 3))
    return values, risk


def request_fields(rng: random.Random) -> dict:
    return {
        "amount": round(rng.lognormvariate(3.6, 1.1), 2),
        "hour_of_day": rng.randint(0, 23),
        "channel": rng.choice(sorted(CHANNELS)),
        "merchant_risk": round(rng.random(), 3),
    }


def label(risk: float, request: dict, rng: random.Random) -> int:
    z = -4.0 + 7.5 * risk + 1.5 * request["merchant_risk"] + 0.3 * math.log1p(request["amount"]) \
        + (0.8 if request["channel"] in ("web", "moto") else 0.0)
    return int(rng.random() < 1 / (1 + math.exp(-z)))
