"""GET /api/v1/openapi.json: the OpenAPI 3.1 document of every endpoint, generated from the
typed operations (congress/api/spec.py); nothing in it is written by hand.

A test compares this document with the routes registered on the blueprint, so an endpoint
cannot be added without being declared; SpecTree checks every answer against it.
"""
from flask import current_app

from congress.api.base import bp
from congress.api.spec import openapi_document


@bp.get("/openapi.json")
def openapi():
    return openapi_document(current_app)
