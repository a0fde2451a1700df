"""HR login: username + password -> bearer token."""

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, validate
from sqlalchemy import select

from app import audit
from app.api import fields
from app.auth import current_hr_user, hr_required, issue_token, login_limiter
from app.errors import Unauthorized
from app.extensions import db
from app.models import HrUser

blp = Blueprint("admin_auth", __name__, url_prefix="/api/admin/v1", description="HR login")


class LoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class UserSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    department_ids = fields.List(fields.Integer())


class TokenSchema(Schema):
    token = fields.String()
    expires_in = fields.Integer()
    user = fields.Nested(UserSchema)


@blp.post("/auth/login")
@blp.arguments(LoginSchema)
@blp.response(200, TokenSchema)
def login(body):
    key = f"{body['username']}|{request.remote_addr}"
    login_limiter.check(key)
    user = db.session.scalar(select(HrUser).where(HrUser.username == body["username"]))
    if user is None or not user.active or not user.check_password(body["password"]):
        login_limiter.failed(key)
        raise Unauthorized("wrong username or password", code="invalid_credentials")
    token, ttl = issue_token("hr", hr_user=user)
    audit.record("login", "hr_user", user.id, actor=("hr", str(user.id)))
    db.session.commit()
    return {"token": token, "expires_in": ttl, "user": _user(user)}


@blp.get("/me")
@blp.response(200, UserSchema)
@blp.doc(security=[{"bearerAuth": []}])
@hr_required()
def me():
    return _user(current_hr_user())


def _user(user: HrUser) -> dict:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "department_ids": sorted(user.department_ids),
    }
