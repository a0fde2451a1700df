"""Departments, HR users and their sessions."""

from datetime import datetime

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.base import Timestamps, utcnow

ROLES = ("admin", "recruiter", "manager")

hr_user_departments = Table(
    "hr_user_departments",
    db.metadata,
    Column("hr_user_id", Integer, ForeignKey("hr_users.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "department_id", Integer, ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Department(db.Model):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HrUser(Timestamps, db.Model):
    __tablename__ = "hr_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="recruiter")
    # DingTalk staff id (senderStaffId / userid): maps the bot sender and notification target.
    dingtalk_userid: Mapped[str | None] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    departments: Mapped[list[Department]] = relationship(secondary=hr_user_departments)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def department_ids(self) -> set[int]:
        return {d.id for d in self.departments}

    def can_access_department(self, department_id: int | None) -> bool:
        """Admins and recruiters see every department; a manager only their own."""
        if self.role in ("admin", "recruiter"):
            return True
        return department_id is not None and department_id in self.department_ids


class AuthSession(db.Model):
    """A bearer token (HR or mini-program); only its SHA-256 is stored."""

    __tablename__ = "auth_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # "hr" | "mp"
    hr_user_id: Mapped[int | None] = mapped_column(ForeignKey("hr_users.id", ondelete="CASCADE"))
    openid: Mapped[str | None] = mapped_column(String(64), index=True)
    # WeChat session_key, encrypted; it never leaves the server.
    session_key_enc: Mapped[str | None] = mapped_column(String(255))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    hr_user: Mapped[HrUser | None] = relationship()
