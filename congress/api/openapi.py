"""GET /api/v1/openapi.json: the OpenAPI 3.1 document of every endpoint, generated from the
typed operations (congress/api/spec.py); nothing in it is written by hand.

A test compares this document with the routes registered on the blueprint, so an endpoint
cannot be added without being declared; SpecTree checks every answer against it.
"""
from typing import Any

from flask import current_app
from pydantic import BaseModel, ConfigDict

from congress.api.base import bp
from congress.api.spec import openapi_document, operation


class OpenAPIDocument(BaseModel):
    """The document's top level; what is inside is OpenAPI's own schema."""

    model_config = ConfigDict(extra="allow")
    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
    components: dict[str, Any]


@bp.get("/openapi.json")
@operation("This document: every endpoint, its bodies, answers and refusals", tag="meta",
           ok=OpenAPIDocument, public=True)
def openapi():
    return openapi_document(current_app)
