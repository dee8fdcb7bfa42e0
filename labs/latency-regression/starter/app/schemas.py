"""Request and response bodies of POST /predict."""

from __future__ import annotations

from pydantic import BaseModel, Field


class RequestFeatures(BaseModel):
    amount: float | None = Field(default=None, ge=0)
    hour_of_day: int | None = Field(default=None, ge=0, le=23)
    channel: str | None = None
    merchant_risk: float | None = Field(default=None, ge=0, le=1)


class PredictRequest(BaseModel):
    id: str = Field(min_length=1, max_length=128)
    entity_id: int = Field(ge=1)
    features: RequestFeatures | None = None

    def request_fields(self) -> dict:
        return self.features.model_dump(exclude_none=True) if self.features else {}


class PredictResponse(BaseModel):
    id: str
    prediction: float
    model_version: str
