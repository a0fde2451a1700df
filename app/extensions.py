"""Unbound extension objects; create_app binds them."""

from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class JsonErrorApi(Api):
    """flask-smorest with our error envelope instead of its own.

    One per app (create_app makes it): a smorest Api keeps its spec and blueprints.
    """

    def _register_error_handlers(self):  # the app-wide handlers in app.errors serve instead
        return None


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
