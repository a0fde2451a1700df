"""job_review_flags: the last data-review flags of each job, for the workbench

The analysis of a job takes seconds; the workbench reads the flags a daily worker task stored.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job_review_flags",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("period_start", sa.DateTime(), nullable=True),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.Column("flag_count", sa.Integer(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            name=op.f("fk_job_review_flags_job_id_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_job_review_flags")),
    )
    with op.batch_alter_table("job_review_flags", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_job_review_flags_flag_count"), ["flag_count"], unique=False
        )


def downgrade():
    with op.batch_alter_table("job_review_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_review_flags_flag_count"))
    op.drop_table("job_review_flags")
