"""studios and concerns: delegate studios (党代表工作室), their duty rosters, residents'
concerns (民情诉求) and each concern's history

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 22:14:05.977967

"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('studios',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('reception_hours', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_studios_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_studios'))
    )
    with op.batch_alter_table('studios', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_studios_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('concerns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('reception', 'phone', 'visit', 'online', name='concern_channel', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('category', sa.String(length=50), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('resident_name', sa.String(length=100), nullable=True),
    sa.Column('contact', sa.String(length=100), nullable=True),
    sa.Column('taken_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('received', 'answered', 'referred', 'replied', 'closed', name='concern_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('tracking_code', sa.String(length=16), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('refer_by', sa.Date(), nullable=False),
    sa.Column('referred_at', sa.DateTime(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('replied_at', sa.DateTime(), nullable=True),
    sa.Column('rating', sa.Enum('satisfied', 'basically_satisfied', 'unsatisfied', name='concern_rating', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('referrals', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_concerns_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['studio_id'], ['studios.id'], name=op.f('fk_concerns_studio_id_studios')),
    sa.ForeignKeyConstraint(['taken_by_id'], ['delegates.id'], name=op.f('fk_concerns_taken_by_id_delegates'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['handling_units.id'], name=op.f('fk_concerns_unit_id_handling_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concerns')),
    sa.UniqueConstraint('tracking_code', name=op.f('uq_concerns_tracking_code'))
    )
    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.create_index('ix_concerns_organisation_received', ['organisation_id', 'received_at'], unique=False)
        batch_op.create_index('ix_concerns_organisation_status', ['organisation_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_concerns_studio_id'), ['studio_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_concerns_taken_by_id'), ['taken_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_concerns_unit_id'), ['unit_id'], unique=False)

    op.create_table('studio_duties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_studio_duties_delegate_id_delegates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['studio_id'], ['studios.id'], name=op.f('fk_studio_duties_studio_id_studios'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_studio_duties'))
    )
    with op.batch_alter_table('studio_duties', schema=None) as batch_op:
        batch_op.create_index('ix_studio_duties_delegate_starts', ['delegate_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_studio_duties_studio_id'), ['studio_id'], unique=False)

    op.create_table('concern_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concern_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('received', 'answered', 'referred', 'replied', 'feedback', name='concern_event_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('rating', sa.Enum('satisfied', 'basically_satisfied', 'unsatisfied', name='concern_event_rating', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_concern_events_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['concern_id'], ['concerns.id'], name=op.f('fk_concern_events_concern_id_concerns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['handling_units.id'], name=op.f('fk_concern_events_unit_id_handling_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concern_events'))
    )
    with op.batch_alter_table('concern_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concern_events_concern_id'), ['concern_id'], unique=False)



def downgrade():
    with op.batch_alter_table('concern_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concern_events_concern_id'))

    op.drop_table('concern_events')
    with op.batch_alter_table('studio_duties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_studio_duties_studio_id'))
        batch_op.drop_index('ix_studio_duties_delegate_starts')

    op.drop_table('studio_duties')
    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concerns_unit_id'))
        batch_op.drop_index(batch_op.f('ix_concerns_taken_by_id'))
        batch_op.drop_index(batch_op.f('ix_concerns_studio_id'))
        batch_op.drop_index('ix_concerns_organisation_status')
        batch_op.drop_index('ix_concerns_organisation_received')

    op.drop_table('concerns')
    with op.batch_alter_table('studios', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_studios_organisation_id'))

    op.drop_table('studios')
