"""marshmallow's fields, strict about JSON types: request bodies say what they mean.

marshmallow on its own turns "5" and 5.9 into the integer 5 and "yes" into true; a client
sending those has a bug we should name (422), not guess around. Query strings and forms are
text, so their schemas keep marshmallow's own fields.
"""

from datetime import UTC

from marshmallow import ValidationError, validate
from marshmallow.fields import *  # noqa: F403 - this module is marshmallow.fields, stricter
from marshmallow.fields import Boolean as _Boolean
from marshmallow.fields import DateTime as _DateTime
from marshmallow.fields import Float as _Float
from marshmallow.fields import Integer as _Integer

# Primary keys are INTEGER columns (signed 32 bits on MySQL); larger ids cannot exist.
MAX_ID = 2**31 - 1


class Integer(_Integer):
    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)


class Float(_Float):
    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError("Not a valid number.")
        return super()._deserialize(value, attr, data, **kwargs)


class Boolean(_Boolean):
    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise ValidationError("Not a valid boolean.")
        return value


class DateTime(_DateTime):
    """Naive datetimes are UTC (as the database keeps them) and go out as such (+00:00)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def Id(**kwargs) -> Integer:  # noqa: N802 - reads like a field class where it is used
    """A row id in a request body: an integer from 1 to MAX_ID."""
    return Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)
