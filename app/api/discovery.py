"""Blueprints found by module: a new capability module registers itself by defining `blp`."""

import importlib
import pkgutil


def blueprints_in(package_name: str, package_path) -> list:
    found = []
    for info in sorted(pkgutil.iter_modules(package_path), key=lambda m: m.name):
        module = importlib.import_module(f"{package_name}.{info.name}")
        if hasattr(module, "blp"):
            found.append(module.blp)
    return found
