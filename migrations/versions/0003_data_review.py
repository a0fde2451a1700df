"""data review: outcomes by kind, encrypted demographics with consent, model versions

Demographics parsed from resumes were stored without the candidate's separate consent: they
are deleted (the audit only uses consented or HR-imported data). The outcomes table was never
written. Every existing job gets version 1 of its competency model.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 00:11:37.038524

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM candidate_demographics")
    op.execute("DELETE FROM outcomes")
    op.create_table('competency_model_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('dimensions', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['hr_users.id'], name=op.f('fk_competency_model_versions_created_by_id_hr_users')),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_competency_model_versions_job_id_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competency_model_versions')),
    sa.UniqueConstraint('job_id', 'version', name=op.f('uq_competency_model_versions_job_id'))
    )
    with op.batch_alter_table('competency_model_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competency_model_versions_job_id'), ['job_id'], unique=False)

    with op.batch_alter_table('candidate_demographics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data', sa.Text(), nullable=False))
        batch_op.add_column(sa.Column('source', sa.String(length=20), nullable=False))
        batch_op.add_column(sa.Column('legal_basis', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('consent_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('recorded_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_candidate_demographics_consent_id_consents'), 'consents', ['consent_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_candidate_demographics_recorded_by_id_hr_users'), 'hr_users', ['recorded_by_id'], ['id'])
        batch_op.drop_column('gender')
        batch_op.drop_column('birth_year')
        batch_op.drop_column('education_level')

    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('model_version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False))
        batch_op.add_column(sa.Column('source', sa.String(length=20), nullable=False))
        batch_op.alter_column('value',
               existing_type=sa.FLOAT(),
               nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_outcomes_candidate_id'), ['candidate_id', 'job_id', 'kind'])
        batch_op.drop_column('stage')

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('model_version', sa.Integer(), nullable=True))

    _first_versions()


def _first_versions():
    bind = op.get_bind()
    versions = sa.table(
        'competency_model_versions',
        sa.column('job_id', sa.Integer), sa.column('version', sa.Integer),
        sa.column('dimensions', sa.JSON), sa.column('source', sa.String),
        sa.column('created_at', sa.DateTime),
    )
    rows = bind.execute(sa.text(
        "SELECT job_id, name, weight, keywords FROM competency_dimensions ORDER BY job_id, position"
    )).all()
    by_job = {}
    for job_id, name, weight, keywords in rows:
        if isinstance(keywords, str):
            import json
            keywords = json.loads(keywords)
        by_job.setdefault(job_id, []).append({"name": name, "weight": weight, "keywords": keywords or []})
    if by_job:
        now = datetime.now(UTC).replace(tzinfo=None)
        op.bulk_insert(versions, [
            {"job_id": j, "version": 1, "dimensions": d, "source": "created", "created_at": now}
            for j, d in by_job.items()
        ])


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('model_version')

    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage', sa.VARCHAR(length=20), nullable=False))
        batch_op.drop_constraint(batch_op.f('uq_outcomes_candidate_id'), type_='unique')
        batch_op.alter_column('value',
               existing_type=sa.FLOAT(),
               nullable=True)
        batch_op.drop_column('source')
        batch_op.drop_column('kind')

    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('model_version')

    with op.batch_alter_table('candidate_demographics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('education_level', sa.VARCHAR(length=20), nullable=True))
        batch_op.add_column(sa.Column('birth_year', sa.INTEGER(), nullable=True))
        batch_op.add_column(sa.Column('gender', sa.VARCHAR(length=10), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_candidate_demographics_recorded_by_id_hr_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_candidate_demographics_consent_id_consents'), type_='foreignkey')
        batch_op.drop_column('updated_at')
        batch_op.drop_column('recorded_by_id')
        batch_op.drop_column('consent_id')
        batch_op.drop_column('legal_basis')
        batch_op.drop_column('source')
        batch_op.drop_column('data')

    with op.batch_alter_table('competency_model_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competency_model_versions_job_id'))

    op.drop_table('competency_model_versions')
