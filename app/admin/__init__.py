"""The HR admin page, /admin: server-rendered Chinese screens with htmx partial updates.

Every module of this package that defines routes on `bp` is imported at registration, so a new
screen is a new module (plus its templates under templates/admin/ and a `nav.add(...)` line).
The screens call the same services as the JSON admin API, with the same role and department
scoping; reads of personal data are audited there.
"""

import importlib
import pkgutil

from flask import Blueprint, Flask

bp = Blueprint(
    "admin",
    __name__,
    url_prefix="/admin",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

# Infrastructure modules imported first; every other module is a screen.
_CORE = ("session", "csrf", "filters", "nav", "errors")


def register_admin(app: Flask) -> None:
    for name in _CORE:
        importlib.import_module(f"{__name__}.{name}")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name not in _CORE and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    app.register_blueprint(bp)
