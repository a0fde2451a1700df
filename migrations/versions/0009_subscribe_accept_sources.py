"""subscribe accepts reported by the mini-program as well as by WeChat's push event

The mini-program now reports the templates a candidate accepted (POST /api/mp/v1/subscriptions)
and WeChat may push the same popup's event: wechat_subscriptions remembers the accepts one
source reported that the other has not, so one popup counts once. No personal data beyond the
openid the table already links to.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("wechat_subscriptions") as batch:
        batch.add_column(sa.Column("unmatched_source", sa.String(length=10), nullable=True))
        batch.add_column(
            sa.Column("unmatched_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("unmatched_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("wechat_subscriptions") as batch:
        batch.drop_column("unmatched_at")
        batch.drop_column("unmatched_count")
        batch.drop_column("unmatched_source")
