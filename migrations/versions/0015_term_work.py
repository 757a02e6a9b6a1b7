"""term work: group conveners, activities and their delegates, each delegate's contacts and
their logs, and each organisation's yearly requirements (the ledger, 履职档案)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 22:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

KINDS = ('plenary_attendance', 'evaluation', 'inspection', 'research', 'contact', 'other')


def upgrade():
    with op.batch_alter_table('delegate_groups') as batch_op:
        batch_op.add_column(sa.Column('convener_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_delegate_groups_convener_id'), ['convener_id'])
        batch_op.create_foreign_key(batch_op.f('fk_delegate_groups_convener_id_delegates'),
                                    'delegates', ['convener_id'], ['id'], ondelete='SET NULL')

    op.create_table(
        'activities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum(*KINDS, name='activity_kind', native_enum=False,
                                  create_constraint=True, length=24), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('place', sa.String(length=200), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_activities_organisation_id_organisations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_activities')),
    )
    op.create_index('ix_activities_organisation_held_on', 'activities',
                    ['organisation_id', 'held_on'])
    op.create_index('ix_activities_held_on_kind', 'activities', ['held_on', 'kind'])

    op.create_table(
        'activity_delegates',
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('delegate_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['activity_id'], ['activities.id'],
                                name=op.f('fk_activity_delegates_activity_id_activities'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'],
                                name=op.f('fk_activity_delegates_delegate_id_delegates'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('activity_id', 'delegate_id', name=op.f('pk_activity_delegates')),
    )
    op.create_index('ix_activity_delegates_delegate_id', 'activity_delegates', ['delegate_id'])

    op.create_table(
        'delegate_contacts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delegate_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('kind', sa.Enum('party_member', 'resident', name='contact_kind',
                                  native_enum=False, create_constraint=True, length=16),
                  nullable=False),
        sa.Column('phone', sa.String(length=32), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'],
                                name=op.f('fk_delegate_contacts_delegate_id_delegates'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delegate_contacts')),
    )
    op.create_index(op.f('ix_delegate_contacts_delegate_id'), 'delegate_contacts',
                    ['delegate_id'])

    op.create_table(
        'contact_logs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column('contacted_on', sa.Date(), nullable=False),
        sa.Column('note', sa.String(length=2000), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['contact_id'], ['delegate_contacts.id'],
                                name=op.f('fk_contact_logs_contact_id_delegate_contacts'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_logs')),
    )
    op.create_index('ix_contact_logs_contact_on', 'contact_logs', ['contact_id', 'contacted_on'])

    op.create_table(
        'ledger_requirements',
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('duties', sa.Integer(), nullable=False),
        sa.Column('contacts', sa.Integer(), nullable=False),
        sa.Column('contacts_each_quarter', sa.Boolean(), nullable=False),
        sa.Column('activities', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('duties >= 0 AND contacts >= 0 AND activities >= 0',
                           name=op.f('ck_ledger_requirements_requirements_not_negative')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_ledger_requirements_organisation_id_organisations')),
        sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_ledger_requirements')),
    )


def downgrade():
    op.drop_table('ledger_requirements')
    op.drop_index('ix_contact_logs_contact_on', table_name='contact_logs')
    op.drop_table('contact_logs')
    op.drop_index(op.f('ix_delegate_contacts_delegate_id'), table_name='delegate_contacts')
    op.drop_table('delegate_contacts')
    op.drop_index('ix_activity_delegates_delegate_id', table_name='activity_delegates')
    op.drop_table('activity_delegates')
    op.drop_index('ix_activities_held_on_kind', table_name='activities')
    op.drop_index('ix_activities_organisation_held_on', table_name='activities')
    op.drop_table('activities')
    with op.batch_alter_table('delegate_groups') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_delegate_groups_convener_id_delegates'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_delegate_groups_convener_id'))
        batch_op.drop_column('convener_id')
