"""The HR admin API, /api/admin/v1: every module here that defines `blp` is registered."""

import importlib
import pkgutil


def blueprints():
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "blp"):
            found.append(module.blp)
    return found
