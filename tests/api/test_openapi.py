"""The OpenAPI document at /api/v1/openapi.json is valid, key by key.

The docs page parses the document as YAML, which refuses a key that appears
twice in one object; Python's json module would quietly keep the last one.
"""

import json
from collections import Counter
from typing import Any

from django.test import Client
from openapi_spec_validator import validate


def _refusing_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    twice = [key for key, seen in Counter(key for key, _ in pairs).items() if seen > 1]
    assert not twice, f"keys named twice in one object: {twice}"
    return dict(pairs)


def test_the_openapi_document_names_every_key_once_and_validates(
    client: Client,
) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content, object_pairs_hook=_refusing_duplicates)
    validate(document)


def test_the_responses_list_documents_one_200_with_json_and_csv(
    client: Client,
) -> None:
    document = client.get("/api/v1/openapi.json").json()
    answers = document["paths"]["/api/v1/responses"]["get"]["responses"]
    assert list(answers) == ["200"]
    assert set(answers["200"]["content"]) == {"application/json", "text/csv"}
