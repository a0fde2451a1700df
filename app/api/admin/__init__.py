"""The HR admin API, /api/admin/v1: every module here that defines `blp` is registered."""

from app.api.discovery import blueprints_in


def blueprints():
    return blueprints_in(__name__, __path__)
