"""Feature definitions and the model's input vector.

The online feature store (Redis) keeps, per account:
  - profile features, one key each:           fs:<account>:<name>
  - hourly activity counters for the last 24h: fs:<account>:<signal>:h<hours ago, 00-23>
The model sees the profile, four aggregates per activity signal, and the request's own fields.
Used both for training (train.py) and for serving, so the two never drift apart.
"""

from __future__ import annotations

import math

PROFILE = [
    "account_age_days",
    "credit_limit",
    "avg_ticket_30d",
    "txn_count_30d",
    "chargebacks_365d",
    "distinct_merchants_30d",
    "distinct_devices_30d",
    "home_country_risk",
    "email_age_days",
    "kyc_level",
    "disputes_90d",
    "balance_ratio",
]
SIGNALS = [
    "txn_count",
    "txn_amount",
    "declines",
    "new_merchant",
    "foreign_txn",
    "card_not_present",
    "login_fail",
    "device_change",
    "password_reset",
    "velocity_alert",
    "atm_withdrawal",
    "address_change",
    "contactless",
    "refund",
]
HOURS = 24
CHANNELS = {"pos": 0.0, "web": 1.0, "app": 2.0, "moto": 3.0}
REQUEST_DEFAULTS = {"amount": 25.0, "hour_of_day": 12, "channel": "pos", "merchant_risk": 0.1}

# Profile features with heavy tails enter the model on a log scale.
LOG_SCALED = {"credit_limit", "avg_ticket_30d", "txn_count_30d", "account_age_days", "email_age_days"}


def feature_keys(account: int) -> list[str]:
    """Every key the model needs for one account, in a fixed order."""
    keys = [f"fs:{account}:{name}" for name in PROFILE]
    for signal in SIGNALS:
        keys.extend(f"fs:{account}:{signal}:h{h:02d}" for h in range(HOURS))
    return keys


def input_names() -> list[str]:
    names = list(PROFILE)
    for signal in SIGNALS:
        names += [f"{signal}_sum24h", f"{signal}_max1h", f"{signal}_last3h", f"{signal}_trend"]
    return names + ["amount", "hour_of_day", "channel", "merchant_risk"]


def _trend(series: list[float]) -> float:
    """Least-squares slope of the hourly series, oldest hour first."""
    n = len(series)
    mean_x = (n - 1) / 2
    mean_y = sum(series) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(series))
    den = sum((x - mean_x) ** 2 for x in range(n))
    return num / den


def build_vector(raw: dict[str, str], account: int, request: dict | None = None) -> list[float]:
    """The model's input vector from the stored features (strings, as Redis returns them) and the
    request's own fields (missing ones take REQUEST_DEFAULTS)."""
    vector: list[float] = []
    for name in PROFILE:
        value = float(raw[f"fs:{account}:{name}"])
        vector.append(math.log1p(value) if name in LOG_SCALED else value)
    for signal in SIGNALS:
        # Stored newest first (h00 = the current hour); aggregates read it oldest first.
        series = [float(raw[f"fs:{account}:{signal}:h{h:02d}"]) for h in range(HOURS)][::-1]
        vector += [sum(series), max(series), sum(series[-3:]), _trend(series)]
    req = {**REQUEST_DEFAULTS, **(request or {})}
    vector += [
        math.log1p(float(req["amount"])),
        float(req["hour_of_day"]),
        CHANNELS.get(str(req["channel"]), -1.0),
        float(req["merchant_risk"]),
    ]
    return vector
