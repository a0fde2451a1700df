"""POST /api/mp/v1/session: log in with a wx.login code."""

from flask_smorest import Blueprint
from marshmallow import Schema, validate

from app.api import fields
from app.services.mp_auth import login

blp = Blueprint("mp_session", __name__, url_prefix="/api/mp/v1", description="Mini-program login")


class SessionIn(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=128))


class SessionOut(Schema):
    token = fields.String()
    expires_in = fields.Integer()


@blp.post("/session")
@blp.arguments(SessionIn)
@blp.response(200, SessionOut)
def create_session(body):
    """Exchange a wx.login code for our token; the WeChat session_key stays on the server."""
    token, ttl = login(body["code"])
    return {"token": token, "expires_in": ttl}
