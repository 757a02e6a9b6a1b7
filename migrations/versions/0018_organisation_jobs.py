"""organisation jobs: a job and a live event belong to a meeting or, for the term's work
between meetings (the register of concerns, the term statistics), to an organisation; the
organisation's pages follow its own stream, where an event is its staff's unless it names
more of its audience (a unit, a delegate)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 11:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

ONE_SCOPE = "(meeting_id IS NULL) <> (organisation_id IS NULL)"


def upgrade():
    with op.batch_alter_table('jobs') as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.alter_column('meeting_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(batch_op.f('fk_jobs_organisation_id_organisations'),
                                    'organisations', ['organisation_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_jobs_organisation_id'), ['organisation_id'],
                              unique=False)
        batch_op.create_check_constraint(op.f('ck_jobs_one_scope'), ONE_SCOPE)
    # the events' ids are never reused (streams resume by id): SQLite's table is made again
    # by the batch, so it must keep AUTOINCREMENT
    with op.batch_alter_table('events', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('audience', sa.String(length=200), nullable=True))
        batch_op.alter_column('meeting_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(batch_op.f('fk_events_organisation_id_organisations'),
                                    'organisations', ['organisation_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_events_organisation_id'), ['organisation_id'],
                              unique=False)
        batch_op.create_check_constraint(op.f('ck_events_one_scope'), ONE_SCOPE)


def downgrade():
    op.execute("DELETE FROM events WHERE meeting_id IS NULL")
    op.execute("DELETE FROM jobs WHERE meeting_id IS NULL")
    with op.batch_alter_table('events', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint(op.f('ck_events_one_scope'), type_='check')
        batch_op.drop_index(batch_op.f('ix_events_organisation_id'))
        batch_op.drop_constraint(batch_op.f('fk_events_organisation_id_organisations'),
                                 type_='foreignkey')
        batch_op.alter_column('meeting_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('audience')
        batch_op.drop_column('organisation_id')
    with op.batch_alter_table('jobs') as batch_op:
        batch_op.drop_constraint(op.f('ck_jobs_one_scope'), type_='check')
        batch_op.drop_index(batch_op.f('ix_jobs_organisation_id'))
        batch_op.drop_constraint(batch_op.f('fk_jobs_organisation_id_organisations'),
                                 type_='foreignkey')
        batch_op.alter_column('meeting_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('organisation_id')
