"""The API the WeChat mini-program calls, /api/mp/v1: every module with a `blp` is registered."""

from app.api.discovery import blueprints_in


def blueprints():
    return blueprints_in(__name__, __path__)
