import pytest
from pydantic import ValidationError

from app.schemas import PredictRequest


def test_minimal_request():
    req = PredictRequest.model_validate({"id": "r1", "entity_id": 3})
    assert req.request_fields() == {}


def test_request_fields_drop_missing_values():
    req = PredictRequest.model_validate({"id": "r1", "entity_id": 3, "features": {"amount": 12.5}})
    assert req.request_fields() == {"amount": 12.5}


@pytest.mark.parametrize("body", [{"id": "", "entity_id": 3}, {"id": "r1", "entity_id": 0},
                                  {"id": "r1", "entity_id": 3, "features": {"hour_of_day": 24}}])
def test_invalid_requests(body):
    with pytest.raises(ValidationError):
        PredictRequest.model_validate(body)
