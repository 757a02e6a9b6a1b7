"""organisations, congresses (terms) and delegates of the term

Every account, handling unit, meeting and audit entry now belongs to an organisation; every
meeting to a congress; delegates and delegations to a congress instead of one meeting.

An existing database upgrades in place: one root organisation takes every existing account,
unit, meeting and audit entry; each existing meeting becomes the first annual meeting of a
congress of its own (elected on the meeting's first day, named from its title) and its
delegates and delegations that congress's, with their logins unchanged.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 18:10:00

"""
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

ROOT_NAME = "本级党组织"  # unless CONGRESS_ROOT_ORGANISATION names it (config.py)
ROLES_BEFORE = ('secretariat', 'chair', 'delegate', 'committee', 'unit', 'observer')
ROLES_AFTER = ROLES_BEFORE + ('organiser',)


def _day(value):
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def _anniversary(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _root_name():
    try:
        from flask import current_app
        return current_app.config.get("ROOT_ORGANISATION") or ROOT_NAME
    except RuntimeError:  # run outside the app
        return ROOT_NAME


def _create_root(bind, now):
    """The root organisation that takes everything the database held before (its id)."""
    organisations = sa.table('organisations', sa.column('id'), sa.column('name'),
                             sa.column('parent_id'), sa.column('level'), sa.column('path'),
                             sa.column('created_at'))
    root_id = bind.execute(sa.insert(organisations).values(
        name=_root_name(), parent_id=None, level='city', path='', created_at=now)
        .returning(organisations.c.id)).scalar_one()
    bind.execute(sa.update(organisations).where(organisations.c.id == root_id)
                 .values(path=f"/{root_id}/"))
    return root_id


def upgrade():
    bind = op.get_bind()
    op.create_table(
        'organisations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('level', sa.Enum('city', 'county', 'township', 'other',
                                   name='organisation_level', native_enum=False,
                                   create_constraint=True, length=16), nullable=False),
        sa.Column('path', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['parent_id'], ['organisations.id'],
                                name=op.f('fk_organisations_parent_id_organisations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
        sa.UniqueConstraint('parent_id', 'name', name=op.f('uq_organisations_parent_id_name')),
    )
    with op.batch_alter_table('organisations') as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_parent_id'), ['parent_id'])
        batch_op.create_index(batch_op.f('ix_organisations_path'), ['path'])

    op.create_table(
        'congresses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('ordinal', sa.Integer(), nullable=True),
        sa.Column('elected_on', sa.Date(), nullable=False),
        sa.Column('term_years', sa.Integer(), nullable=False),
        sa.Column('term_ends_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('term_years >= 1', name=op.f('ck_congresses_term_years_positive')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_congresses_organisation_id_organisations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_congresses')),
    )
    with op.batch_alter_table('congresses') as batch_op:
        batch_op.create_index(batch_op.f('ix_congresses_organisation_id'), ['organisation_id'])

    op.create_table(
        'delegate_groups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('congress_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'],
                                name=op.f('fk_delegate_groups_congress_id_congresses'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delegate_groups')),
        sa.UniqueConstraint('congress_id', 'name', name=op.f('uq_delegate_groups_congress_id_name')),
    )
    with op.batch_alter_table('delegate_groups') as batch_op:
        batch_op.create_index(batch_op.f('ix_delegate_groups_congress_id'), ['congress_id'])

    # --- the data: one root organisation, a congress per meeting --------------------------------
    # (none on an empty database: the first account or the demo makes the root, named then)
    now = datetime.utcnow()
    has_data = any(bind.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first()
                   for table in ('users', 'meetings', 'handling_units', 'audit_entries'))
    root_id = _create_root(bind, now) if has_data else None

    congresses = sa.table('congresses', sa.column('id'), sa.column('organisation_id'),
                          sa.column('title'), sa.column('ordinal'), sa.column('elected_on'),
                          sa.column('term_years'), sa.column('term_ends_on'),
                          sa.column('created_at'))
    meetings = bind.execute(sa.text(
        "SELECT id, title, starts_on, created_at FROM meetings ORDER BY id")).all()
    congress_of = {}
    for meeting_id, title, starts_on, created_at in meetings:
        first_day = _day(starts_on) or _day(created_at) or now.date()
        congress_of[meeting_id] = (bind.execute(sa.insert(congresses).values(
            organisation_id=root_id, title=title, ordinal=None, elected_on=first_day,
            term_years=5, term_ends_on=_anniversary(first_day, 5), created_at=now)
            .returning(congresses.c.id)).scalar_one(), first_day)

    # --- meetings: of a congress and an organisation; the first day always known -------------
    with op.batch_alter_table('meetings') as batch_op:
        batch_op.add_column(sa.Column('congress_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
    for meeting_id, (congress_id, first_day) in congress_of.items():
        bind.execute(sa.text("UPDATE meetings SET congress_id = :c, organisation_id = :o, "
                             "starts_on = :d WHERE id = :m"),
                     {"c": congress_id, "o": root_id, "d": first_day, "m": meeting_id})
    with op.batch_alter_table('meetings') as batch_op:
        batch_op.alter_column('congress_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('starts_on', existing_type=sa.Date(), nullable=False)
        batch_op.create_index(batch_op.f('ix_meetings_congress_id'), ['congress_id'])
        batch_op.create_index(batch_op.f('ix_meetings_organisation_id'), ['organisation_id'])
        batch_op.create_foreign_key(batch_op.f('fk_meetings_congress_id_congresses'),
                                    'congresses', ['congress_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_meetings_organisation_id_organisations'),
                                    'organisations', ['organisation_id'], ['id'])

    # --- accounts, units and the audit trail: of the root organisation -------------------------
    for table in ('users', 'handling_units', 'audit_entries'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        bind.execute(sa.text(f"UPDATE {table} SET organisation_id = :o"), {"o": root_id})
    with op.batch_alter_table('users') as batch_op:
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_users_organisation_id'), ['organisation_id'])
        batch_op.create_foreign_key(batch_op.f('fk_users_organisation_id_organisations'),
                                    'organisations', ['organisation_id'], ['id'])
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.alter_column('role', existing_type=sa.Enum(
            *ROLES_BEFORE, name='role', native_enum=False, length=16),
            type_=sa.Enum(*ROLES_AFTER, name='role', native_enum=False, length=16,
                          create_constraint=True), existing_nullable=False)
    with op.batch_alter_table('handling_units') as batch_op:
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint('uq_handling_units_name', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_handling_units_organisation_id_name'),
                                          ['organisation_id', 'name'])
        batch_op.create_index(batch_op.f('ix_handling_units_organisation_id'),
                              ['organisation_id'])
        batch_op.create_foreign_key(batch_op.f('fk_handling_units_organisation_id_organisations'),
                                    'organisations', ['organisation_id'], ['id'])
    with op.batch_alter_table('audit_entries') as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_organisation_id'), ['organisation_id'])
        batch_op.create_foreign_key(batch_op.f('fk_audit_entries_organisation_id_organisations'),
                                    'organisations', ['organisation_id'], ['id'])

    # --- delegations and delegates: of the congress, no longer of one meeting -----------------
    for table in ('delegations', 'delegates'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('congress_id', sa.Integer(), nullable=True))
        bind.execute(sa.text(
            f"UPDATE {table} SET congress_id = "
            f"(SELECT congress_id FROM meetings WHERE meetings.id = {table}.meeting_id)"))
    with op.batch_alter_table('delegates') as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('active_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('terminated_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('termination_reason', sa.String(length=500), nullable=True))
    bind.execute(sa.text(
        "UPDATE delegates SET active_from = "
        "(SELECT elected_on FROM congresses WHERE congresses.id = delegates.congress_id)"))

    with op.batch_alter_table('delegations') as batch_op:
        batch_op.drop_constraint('uq_delegations_meeting_id_name', type_='unique')
        batch_op.drop_constraint('fk_delegations_meeting_id_meetings', type_='foreignkey')
        batch_op.drop_column('meeting_id')
        batch_op.alter_column('congress_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_delegations_congress_id_name'),
                                          ['congress_id', 'name'])
        batch_op.create_index(batch_op.f('ix_delegations_congress_id'), ['congress_id'])
        batch_op.create_foreign_key(batch_op.f('fk_delegations_congress_id_congresses'),
                                    'congresses', ['congress_id'], ['id'], ondelete='CASCADE')
    with op.batch_alter_table('delegates') as batch_op:
        batch_op.drop_constraint('uq_delegates_meeting_id_name_delegation_id', type_='unique')
        batch_op.drop_constraint('fk_delegates_meeting_id_meetings', type_='foreignkey')
        batch_op.drop_index('ix_delegates_meeting_id')
        batch_op.drop_column('meeting_id')
        batch_op.alter_column('congress_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('active_from', existing_type=sa.Date(), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f('uq_delegates_congress_id_name_delegation_id'),
            ['congress_id', 'name', 'delegation_id'])
        batch_op.create_index(batch_op.f('ix_delegates_congress_id'), ['congress_id'])
        batch_op.create_index(batch_op.f('ix_delegates_group_id'), ['group_id'])
        batch_op.create_foreign_key(batch_op.f('fk_delegates_congress_id_congresses'),
                                    'congresses', ['congress_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_delegates_group_id_delegate_groups'),
                                    'delegate_groups', ['group_id'], ['id'])

    # --- a delegation's group session: one per meeting (delegations outlast meetings) ----------
    with op.batch_alter_table('group_sessions') as batch_op:
        batch_op.drop_constraint('uq_group_sessions_delegation_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_group_sessions_meeting_id_delegation_id'),
                                          ['meeting_id', 'delegation_id'])

    # --- attendance: once per delegate and meeting ----------------------------------------------
    with op.batch_alter_table('attendances') as batch_op:
        batch_op.drop_constraint('uq_attendances_delegate_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_attendances_meeting_id_delegate_id'),
                                          ['meeting_id', 'delegate_id'])


def downgrade():
    raise NotImplementedError("0010 moves delegates from meetings to congresses; restore the "
                              "backup taken before the upgrade instead (flask backup)")
