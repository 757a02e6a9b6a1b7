"""secrecy: receipts apart from the papers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:50:00.000000

A receipt proves inclusion only: it moves from `ballot_papers.receipt` to a table of its own,
`ballot_receipts (ballot_id, receipt)`, which names no paper.

SQLite cannot drop a UNIQUE column, and recreating `ballot_papers` in place (Alembic's batch
mode) would drop the old table while foreign keys are on: its implicit DELETE cascades to
every mark. So on SQLite the marks and papers are set aside in temporary tables, both tables
are dropped children first and created again (WITHOUT ROWID, as before), and the rows go
back.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _papers_table(with_receipt):
    columns = [sa.Column('id', sa.String(length=32), nullable=False),
               sa.Column('ballot_id', sa.Integer(), nullable=False)]
    constraints = [
        sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_papers_ballot_id_ballots'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_papers')),
        sa.UniqueConstraint('id', 'ballot_id', name=op.f('uq_ballot_papers_id_ballot_id'))]
    if with_receipt:
        columns.append(sa.Column('receipt', sa.String(length=16), nullable=False))
        constraints.append(sa.UniqueConstraint('receipt', name=op.f('uq_ballot_papers_receipt')))
    op.create_table('ballot_papers', *columns, *constraints, sqlite_with_rowid=False)
    op.create_index(op.f('ix_ballot_papers_ballot_id'), 'ballot_papers', ['ballot_id'], unique=False)


def _marks_table():
    op.create_table('ballot_marks',
    sa.Column('paper_id', sa.String(length=32), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['option_id', 'ballot_id'], ['ballot_options.id', 'ballot_options.ballot_id'], name='fk_ballot_marks_option', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id', 'ballot_id'], ['ballot_papers.id', 'ballot_papers.ballot_id'], name='fk_ballot_marks_paper', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subject_id', 'ballot_id'], ['ballot_subjects.id', 'ballot_subjects.ballot_id'], name='fk_ballot_marks_subject', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'subject_id', name=op.f('pk_ballot_marks')),
    sqlite_with_rowid=False
    )
    op.create_index(op.f('ix_ballot_marks_ballot_id'), 'ballot_marks', ['ballot_id'], unique=False)


def _rebuild_sqlite(papers_select, with_receipt):
    """Drop and create ballot_marks and ballot_papers again, keeping their rows."""
    op.execute(f"CREATE TEMP TABLE saved_papers AS {papers_select}")
    op.execute("CREATE TEMP TABLE saved_marks AS SELECT paper_id, subject_id, ballot_id, option_id "
               "FROM ballot_marks")
    op.drop_table('ballot_marks')
    op.drop_table('ballot_papers')
    _papers_table(with_receipt)
    _marks_table()
    columns = "id, ballot_id, receipt" if with_receipt else "id, ballot_id"
    op.execute(f"INSERT INTO ballot_papers ({columns}) SELECT {columns} FROM saved_papers "
               "ORDER BY id")
    op.execute("INSERT INTO ballot_marks (paper_id, subject_id, ballot_id, option_id) "
               "SELECT paper_id, subject_id, ballot_id, option_id FROM saved_marks "
               "ORDER BY paper_id, subject_id")
    op.execute("DROP TABLE saved_marks")
    op.execute("DROP TABLE saved_papers")


def upgrade():
    op.create_table('ballot_receipts',
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('receipt', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_receipts_ballot_id_ballots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ballot_id', 'receipt', name=op.f('pk_ballot_receipts')),
    sqlite_with_rowid=False
    )
    op.execute("INSERT INTO ballot_receipts (ballot_id, receipt) "
               "SELECT ballot_id, receipt FROM ballot_papers ORDER BY ballot_id, receipt")
    if op.get_bind().dialect.name == 'sqlite':
        _rebuild_sqlite("SELECT id, ballot_id FROM ballot_papers", with_receipt=False)
    else:
        op.drop_constraint(op.f('uq_ballot_papers_receipt'), 'ballot_papers', type_='unique')
        op.drop_column('ballot_papers', 'receipt')


def downgrade():
    # The receipts were never linked to papers after the upgrade: they go back onto the papers
    # of their ballot in sorted order, a pairing that means nothing (the digest still holds).
    pairs = ("SELECT p.id, p.ballot_id, r.receipt FROM "
             "(SELECT id, ballot_id, ROW_NUMBER() OVER (PARTITION BY ballot_id ORDER BY id) AS n "
             "FROM ballot_papers) p JOIN "
             "(SELECT ballot_id, receipt, ROW_NUMBER() OVER (PARTITION BY ballot_id ORDER BY receipt) AS n "
             "FROM ballot_receipts) r ON r.ballot_id = p.ballot_id AND r.n = p.n")
    if op.get_bind().dialect.name == 'sqlite':
        _rebuild_sqlite(pairs, with_receipt=True)
    else:
        op.add_column('ballot_papers', sa.Column('receipt', sa.String(length=16), nullable=True))
        op.execute(f"UPDATE ballot_papers SET receipt = pairs.receipt FROM ({pairs}) AS pairs "
                   "WHERE pairs.id = ballot_papers.id")
        op.alter_column('ballot_papers', 'receipt', nullable=False)
        op.create_unique_constraint(op.f('uq_ballot_papers_receipt'), 'ballot_papers', ['receipt'])
    op.drop_table('ballot_receipts')
