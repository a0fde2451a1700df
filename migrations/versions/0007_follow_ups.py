"""follow-up questions: a per-job policy and the follow-ups asked with their replies

jobs.follow_up_policy (one | off, default one: existing jobs ask follow-ups too) and the
follow_ups table, one row per answer at most; the question quotes the candidate and the reply
is candidate words, so both are encrypted text like answers.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(
            sa.Column("follow_up_policy", sa.String(10), nullable=False, server_default="one")
        )
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(20), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("asked_at", sa.DateTime(), nullable=False),
        sa.Column("time_limit_s", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(100), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("client_transcript", sa.Text(), nullable=True),
        sa.Column("transcript", sa.Text(), nullable=True),
        sa.Column("audio_path", sa.String(255), nullable=True),
        sa.Column("duration_s", sa.Float(), nullable=True),
        sa.Column("features", sa.JSON(), nullable=True),
        sa.Column("asr_state", sa.String(20), nullable=False),
        sa.Column("quality", sa.String(20), nullable=True),
        sa.Column("quality_reason", sa.String(255), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["answers.id"],
            name=op.f("fk_follow_ups_answer_id_answers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_follow_ups_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
        sa.UniqueConstraint("answer_id", name=op.f("uq_follow_ups_answer_id")),
    )
    op.create_index(op.f("ix_follow_ups_interview_id"), "follow_ups", ["interview_id"])


def downgrade():
    op.drop_index("ix_follow_ups_interview_id", table_name="follow_ups")
    op.drop_table("follow_ups")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("follow_up_policy")
