"""interview flow and callbacks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 12:14:13.666021

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows get empty JSON / true through server defaults.
    op.create_table('processed_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=30), nullable=False),
    sa.Column('event_id', sa.String(length=150), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_processed_events')),
    sa.UniqueConstraint('source', 'event_id', name=op.f('uq_processed_events_source'))
    )
    op.create_table('wechat_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('openid', sa.String(length=64), nullable=False),
    sa.Column('template_id', sa.String(length=100), nullable=False),
    sa.Column('accepts', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wechat_subscriptions')),
    sa.UniqueConstraint('openid', 'template_id', name=op.f('uq_wechat_subscriptions_openid'))
    )
    op.create_table('review_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_review_requests_interview_id_interviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_requests'))
    )
    with op.batch_alter_table('review_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_requests_interview_id'), ['interview_id'], unique=False)

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flags', sa.JSON(), nullable=False, server_default='[]'))

    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('presented', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('hints_log', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('ai_evaluation', sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('release_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('candidate_notified_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('candidate_notified_at')
        batch_op.drop_column('release_at')

    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_column('ai_evaluation')
        batch_op.drop_column('hints_log')
        batch_op.drop_column('presented')

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('flags')

    with op.batch_alter_table('review_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_requests_interview_id'))

    op.drop_table('review_requests')
    op.drop_table('wechat_subscriptions')
    op.drop_table('processed_events')
