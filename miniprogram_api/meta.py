"""What the mini-program shows before login: consent texts and interview requirements."""

from flask_smorest import Blueprint
from marshmallow import Schema

from app.api import fields
from app.services.consent_text import CONSENT_KINDS, CONSENT_VERSION, REQUIREMENTS, STEPS

blp = Blueprint("mp_meta", __name__, url_prefix="/api/mp/v1", description="Mini-program: texts")


class ConsentKindSchema(Schema):
    kind = fields.String()
    title = fields.String()
    text = fields.String()
    required = fields.Boolean()


class ConsentTextSchema(Schema):
    version = fields.String()
    kinds = fields.List(fields.Nested(ConsentKindSchema))
    steps = fields.List(fields.String())
    requirements = fields.List(fields.String())


@blp.get("/consent-text")
@blp.response(200, ConsentTextSchema)
def consent_text():
    return {
        "version": CONSENT_VERSION,
        "kinds": CONSENT_KINDS,
        "steps": STEPS,
        "requirements": REQUIREMENTS,
    }
