"""paper ballots: the channel of a participation (tablet or paper), the tellers' two entries
of the paper counts, and the paper figures frozen at close

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 22:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

CHANNEL_CHECK = "channel IN ('tablet', 'paper')"


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        # a column constraint is all SQLite's ALTER TABLE can add (the table is WITHOUT ROWID:
        # no batch copy of the ballot box for one column)
        op.execute("ALTER TABLE ballot_participations ADD COLUMN channel VARCHAR(8) "
                   "DEFAULT 'tablet' NOT NULL "
                   f"CONSTRAINT ck_ballot_participations_participation_channel "
                   f"CHECK ({CHANNEL_CHECK})")
    else:
        op.add_column('ballot_participations',
                      sa.Column('channel', sa.String(length=8), server_default='tablet',
                                nullable=False))
        op.create_check_constraint('ck_ballot_participations_participation_channel',
                                   'ballot_participations', CHANNEL_CHECK)
    for column in ('papers_issued', 'papers_returned'):
        op.add_column('ballots', sa.Column(column, sa.Integer(), nullable=True))
    op.add_column('ballot_subject_results', sa.Column('paper_counts', sa.JSON(), nullable=True))
    op.create_table(
        'ballot_paper_tallies',
        sa.Column('ballot_id', sa.Integer(), nullable=False),
        sa.Column('entry', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('teller', sa.String(length=64), nullable=False),
        sa.Column('returned', sa.Integer(), nullable=False),
        sa.Column('invalid', sa.Integer(), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('write_ins', sa.JSON(), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=True),
        sa.Column('entered_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('entry IN (1, 2)', name=op.f('ck_ballot_paper_tallies_entry')),
        sa.CheckConstraint('invalid <= returned AND invalid >= 0',
                           name=op.f('ck_ballot_paper_tallies_invalid')),
        sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'],
                                name=op.f('fk_ballot_paper_tallies_ballot_id_ballots'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'],
                                name=op.f('fk_ballot_paper_tallies_entered_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('ballot_id', 'entry', name=op.f('pk_ballot_paper_tallies')),
    )


def downgrade():
    op.drop_table('ballot_paper_tallies')
    op.drop_column('ballot_subject_results', 'paper_counts')
    for column in ('papers_returned', 'papers_issued'):
        op.drop_column('ballots', column)
    op.drop_column('ballot_participations', 'channel')
