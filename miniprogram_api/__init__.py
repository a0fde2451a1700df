"""The API the WeChat mini-program calls, /api/mp/v1: every module with a `blp` is registered."""

import importlib
import pkgutil


def blueprints():
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "blp"):
            found.append(module.blp)
    return found
