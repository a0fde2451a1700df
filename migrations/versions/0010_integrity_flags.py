"""integrity flags for HR and the per-job index of answer fingerprints

answers.client_signals (what the mini-program reports of how an answer was produced),
integrity_flags (HR's message and evidence, encrypted: it quotes answers), and the per-job
near-duplicate index: answer_fingerprints (MinHash signature) with answer_bands (LSH bucket
keys, looked up by job and key).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("client_signals", sa.JSON(), nullable=True))
    op.create_table(
        "integrity_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("other_answer_id", sa.Integer(), nullable=True),
        sa.Column("source_interview_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"], ["interviews.id"],
            name=op.f("fk_integrity_flags_interview_id_interviews"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answers.id"],
            name=op.f("fk_integrity_flags_answer_id_answers"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_answer_id"], ["answers.id"],
            name=op.f("fk_integrity_flags_other_answer_id_answers"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrity_flags")),
    )  # fmt: skip
    for column in ("interview_id", "answer_id", "other_answer_id", "source_interview_id"):
        op.create_index(op.f(f"ix_integrity_flags_{column}"), "integrity_flags", [column])
    op.create_table(
        "answer_fingerprints",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(512), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answers.id"],
            name=op.f("fk_answer_fingerprints_answer_id_answers"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"],
            name=op.f("fk_answer_fingerprints_job_id_jobs"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("answer_id", name=op.f("pk_answer_fingerprints")),
    )  # fmt: skip
    op.create_index(op.f("ix_answer_fingerprints_job_id"), "answer_fingerprints", ["job_id"])
    op.create_table(
        "answer_bands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("band_key", sa.BigInteger(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answer_fingerprints.answer_id"],
            name=op.f("fk_answer_bands_answer_id_answer_fingerprints"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_bands")),
    )  # fmt: skip
    op.create_index("ix_answer_bands_job_id_band_key", "answer_bands", ["job_id", "band_key"])
    op.create_index(op.f("ix_answer_bands_answer_id"), "answer_bands", ["answer_id"])


def downgrade():
    op.drop_table("answer_bands")
    op.drop_table("answer_fingerprints")
    op.drop_table("integrity_flags")
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("client_signals")
