"""Unbound extension objects; create_app binds them."""

from collections.abc import Callable

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as _FlaskSession
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


class Session(_FlaskSession):
    """A session that runs side effects once its unit of work has committed (and drops them on
    rollback): dispatching a task must never reach a worker before the task's row exists."""

    def after_commit(self, callback: Callable[[], None]) -> None:
        self.info.setdefault("after_commit", []).append(callback)

    def commit(self) -> None:
        super().commit()
        callbacks = self.info.pop("after_commit", [])
        for callback in callbacks:  # each may commit again, running what it added in turn
            callback()

    def rollback(self) -> None:
        self.info.pop("after_commit", None)
        super().rollback()

    def close(self) -> None:
        self.info.pop("after_commit", None)
        super().close()


db = SQLAlchemy(model_class=Base, session_options={"class_": Session})
migrate = Migrate()
