"""one formal interview per invitation

The formal interview carries its invitation's id in a unique column (NULL on practice rounds),
so two racing starts cannot both create one. Existing data keeps the first formal interview of
each invitation as the formal one.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
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


def downgrade():
    with op.batch_alter_table("interviews") as batch:
        batch.drop_constraint(batch.f("uq_interviews_formal_invitation_id"), type_="unique")
        batch.drop_column("formal_invitation_id")
