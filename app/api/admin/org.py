"""Departments and HR users (admin only for changes)."""

from flask_smorest import Blueprint
from marshmallow import Schema, validate
from sqlalchemy import select

from app import audit
from app.api import fields
from app.auth import hr_required
from app.errors import Conflict, ValidationError
from app.extensions import db
from app.models import Department, HrUser
from app.models.org import ROLES

blp = Blueprint("admin_org", __name__, url_prefix="/api/admin/v1", description="Organisation")


class DepartmentSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))


class NewUserSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=8))
    display_name = fields.String(load_default="")
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    department_ids = fields.List(fields.Id(), load_default=list, validate=validate.Length(max=100))
    dingtalk_userid = fields.String(load_default=None, allow_none=True)


class UserOutSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    active = fields.Boolean()
    dingtalk_userid = fields.String(allow_none=True)
    department_ids = fields.List(fields.Integer())


@blp.get("/departments")
@hr_required()
@blp.response(200, DepartmentSchema(many=True))
@blp.doc(security=[{"bearerAuth": []}])
def list_departments():
    return db.session.scalars(select(Department).order_by(Department.id)).all()


@blp.post("/departments")
@hr_required("admin")
@blp.arguments(DepartmentSchema)
@blp.response(201, DepartmentSchema)
@blp.doc(security=[{"bearerAuth": []}])
def create_department(body):
    if db.session.scalar(select(Department).where(Department.name == body["name"])):
        raise Conflict(f"department {body['name']!r} already exists")
    dept = Department(name=body["name"])
    db.session.add(dept)
    db.session.flush()
    audit.record("create", "department", dept.id)
    db.session.commit()
    return dept


@blp.post("/users")
@hr_required("admin")
@blp.arguments(NewUserSchema)
@blp.response(201, UserOutSchema)
@blp.doc(security=[{"bearerAuth": []}])
def create_user(body):
    if db.session.scalar(select(HrUser).where(HrUser.username == body["username"])):
        raise Conflict(f"user {body['username']!r} already exists")
    departments = _departments(body["department_ids"])
    if body["role"] == "manager" and not departments:
        raise ValidationError("a manager needs at least one department")
    user = HrUser(
        username=body["username"],
        display_name=body["display_name"],
        role=body["role"],
        dingtalk_userid=body["dingtalk_userid"],
        departments=departments,
    )
    user.set_password(body["password"])
    db.session.add(user)
    db.session.flush()
    audit.record("create", "hr_user", user.id)
    db.session.commit()
    return user


def _departments(ids: list[int]) -> list[Department]:
    found = (
        db.session.scalars(select(Department).where(Department.id.in_(ids))).all() if ids else []
    )
    missing = set(ids) - {d.id for d in found}
    if missing:
        raise ValidationError(f"unknown department id(s): {sorted(missing)}")
    return list(found)
