"""elections: a ballot of kind election (seats, write-ins, the base of the majority, the round
it follows), its frozen results (votes for, elected, valid and invalid papers, write-ins, the
further round needed), its officers (总监票人, 监票人, 计票人) and the names written in on its
papers (secret like the marks: a paper, no voter, no time, no rowid)

Existing ballots keep their meaning: seats null, no write-ins, base `due`, no earlier round.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 22:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

KINDS_BEFORE = ('rating', 'motion')
KINDS_AFTER = KINDS_BEFORE + ('election',)


def upgrade():
    with op.batch_alter_table('ballots') as batch_op:
        batch_op.add_column(sa.Column('seats', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('write_ins', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('elect_base', sa.Enum(
            'due', 'present', name='elect_base', native_enum=False, length=16,
            create_constraint=True), nullable=False, server_default='due'))
        batch_op.add_column(sa.Column('round_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('invalid_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('valid_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('write_in_results', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('runoff_needed', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_ballots_round_of_id'), ['round_of_id'])
        batch_op.create_foreign_key(batch_op.f('fk_ballots_round_of_id_ballots'), 'ballots',
                                    ['round_of_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint(batch_op.f('ck_ballots_ballot_kind'), type_='check')
        batch_op.alter_column('kind', existing_type=sa.Enum(
            *KINDS_BEFORE, name='ballot_kind', native_enum=False, length=16),
            type_=sa.Enum(*KINDS_AFTER, name='ballot_kind', native_enum=False, length=16,
                          create_constraint=True), existing_nullable=False)
    with op.batch_alter_table('ballots') as batch_op:
        batch_op.alter_column('write_ins', server_default=None)
        batch_op.alter_column('elect_base', server_default=None)
    with op.batch_alter_table('ballot_subject_results') as batch_op:
        batch_op.add_column(sa.Column('votes_for', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('elected', sa.Boolean(), nullable=True))

    op.create_table(
        'ballot_officers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ballot_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.Enum('chief_scrutineer', 'scrutineer', 'teller', name='officer_role',
                                  native_enum=False, length=24, create_constraint=True),
                  nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('delegate_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'],
                                name=op.f('fk_ballot_officers_ballot_id_ballots'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'],
                                name=op.f('fk_ballot_officers_delegate_id_delegates'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_officers')),
    )
    op.create_index(op.f('ix_ballot_officers_ballot_id'), 'ballot_officers', ['ballot_id'])
    op.create_table(
        'ballot_write_ins',
        sa.Column('paper_id', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('ballot_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['paper_id', 'ballot_id'],
                                ['ballot_papers.id', 'ballot_papers.ballot_id'],
                                name='fk_ballot_write_ins_paper', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('paper_id', 'name', name=op.f('pk_ballot_write_ins')),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f('ix_ballot_write_ins_ballot_id'), 'ballot_write_ins', ['ballot_id'])


def downgrade():
    op.drop_index(op.f('ix_ballot_write_ins_ballot_id'), table_name='ballot_write_ins')
    op.drop_table('ballot_write_ins')
    op.drop_index(op.f('ix_ballot_officers_ballot_id'), table_name='ballot_officers')
    op.drop_table('ballot_officers')
    with op.batch_alter_table('ballot_subject_results') as batch_op:
        batch_op.drop_column('elected')
        batch_op.drop_column('votes_for')
    op.execute("DELETE FROM ballots WHERE kind = 'election'")
    with op.batch_alter_table('ballots') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_ballots_ballot_kind'), type_='check')
        batch_op.alter_column('kind', existing_type=sa.Enum(
            *KINDS_AFTER, name='ballot_kind', native_enum=False, length=16),
            type_=sa.Enum(*KINDS_BEFORE, name='ballot_kind', native_enum=False, length=16,
                          create_constraint=True), existing_nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_ballots_round_of_id_ballots'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_ballots_round_of_id'))
        for column in ('runoff_needed', 'write_in_results', 'valid_count', 'invalid_count',
                       'round_of_id', 'elect_base', 'write_ins', 'seats'):
            batch_op.drop_column(column)
