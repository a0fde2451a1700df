"""client signals sent with a follow-up's reply, as with answers (evidence for HR)

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("follow_ups") as batch:
        batch.add_column(sa.Column("client_signals", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("follow_ups") as batch:
        batch.drop_column("client_signals")
