"""one formal interview per invitation, one open review request per interview

The formal interview carries its invitation's id in a unique column (NULL on practice rounds),
so two racing starts cannot both create one. Existing data keeps the first formal interview of
each invitation as the formal one. An open review request carries its interview's id the same
way (existing open requests: the first per interview).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("formal_invitation_id", sa.Integer(), nullable=True))
    interviews = sa.table(
        "interviews",
        sa.column("id", sa.Integer),
        sa.column("invitation_id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("formal_invitation_id", sa.Integer),
    )
    conn = op.get_bind()
    first = {}
    rows = conn.execute(
        sa.select(interviews.c.id, interviews.c.invitation_id)
        .where(interviews.c.kind == "formal")
        .order_by(interviews.c.id)
    )
    for interview_id, invitation_id in rows:
        first.setdefault(invitation_id, interview_id)
    for invitation_id, interview_id in first.items():
        conn.execute(
            interviews.update()
            .where(interviews.c.id == interview_id)
            .values(formal_invitation_id=invitation_id)
        )
    with op.batch_alter_table("interviews") as batch:
        batch.create_unique_constraint(
            batch.f("uq_interviews_formal_invitation_id"), ["formal_invitation_id"]
        )

    with op.batch_alter_table("review_requests") as batch:
        batch.add_column(sa.Column("open_interview_id", sa.Integer(), nullable=True))
    reviews = sa.table(
        "review_requests",
        sa.column("id", sa.Integer),
        sa.column("interview_id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("open_interview_id", sa.Integer),
    )
    first = {}
    rows = conn.execute(
        sa.select(reviews.c.id, reviews.c.interview_id)
        .where(reviews.c.status == "open")
        .order_by(reviews.c.id)
    )
    for review_id, interview_id in rows:
        first.setdefault(interview_id, review_id)
    for interview_id, review_id in first.items():
        conn.execute(
            reviews.update().where(reviews.c.id == review_id).values(open_interview_id=interview_id)
        )
    with op.batch_alter_table("review_requests") as batch:
        batch.create_unique_constraint(
            batch.f("uq_review_requests_open_interview_id"), ["open_interview_id"]
        )


def downgrade():
    with op.batch_alter_table("review_requests") as batch:
        batch.drop_constraint(batch.f("uq_review_requests_open_interview_id"), type_="unique")
        batch.drop_column("open_interview_id")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_constraint(batch.f("uq_interviews_formal_invitation_id"), type_="unique")
        batch.drop_column("formal_invitation_id")
