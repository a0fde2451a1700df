"""encrypt the columns that quote candidates: scoring evidence and report views

answer_scores.detail (evidence sentences), reports.hr_view and reports.candidate_view held
the candidate's own words in clear JSON; they become AES-GCM encrypted text (EncryptedJSON),
and existing rows are encrypted in place with the configured DATA_ENCRYPTION_KEY.

Revision ID: 0006
Revises: 0005
"""

import json

import sqlalchemy as sa
from alembic import op

from app.crypto import decrypt_str, encrypt_str

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

REPORT_COLUMNS = ("hr_view", "candidate_view")


def _columns():
    yield "answer_scores", "detail", False
    for name in REPORT_COLUMNS:
        yield "reports", name, True


def _rewrite(table: str, column: str, convert) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text(f"SELECT id, {column} FROM {table}")).fetchall()  # noqa: S608
    for row_id, value in rows:
        if value is None:
            continue
        conn.execute(
            sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),  # noqa: S608
            {"value": convert(value), "id": row_id},
        )


def _encrypt(value) -> str:
    data = json.loads(value) if isinstance(value, str | bytes) else value
    return encrypt_str(json.dumps(data, ensure_ascii=False))


def upgrade():
    for table, column, nullable in _columns():
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column, existing_type=sa.JSON(), type_=sa.Text(), existing_nullable=nullable
            )
        _rewrite(table, column, _encrypt)


def downgrade():
    for table, column, nullable in _columns():
        _rewrite(table, column, decrypt_str)
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column, existing_type=sa.Text(), type_=sa.JSON(), existing_nullable=nullable
            )
