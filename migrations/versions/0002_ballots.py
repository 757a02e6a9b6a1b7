"""ballots

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 20:26:53.003229

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('rating', 'motion', name='ballot_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', name='ballot_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('pass_ratio', sa.Numeric(precision=5, scale=4), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('due_at_close', sa.Integer(), nullable=True),
    sa.Column('present_at_close', sa.Integer(), nullable=True),
    sa.Column('cast_count', sa.Integer(), nullable=True),
    sa.Column('blank_count', sa.Integer(), nullable=True),
    sa.Column('receipts_digest', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_ballots_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballots'))
    )
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballots_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('ballot_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=32), nullable=False),
    sa.Column('weight', sa.Numeric(precision=6, scale=4), nullable=False),
    sa.Column('is_favourable', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_options_ballot_id_ballots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_options')),
    sa.UniqueConstraint('id', 'ballot_id', name=op.f('uq_ballot_options_id_ballot_id'))
    )
    with op.batch_alter_table('ballot_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_options_ballot_id'), ['ballot_id'], unique=False)

    op.create_table('ballot_papers',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('receipt', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_papers_ballot_id_ballots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_papers')),
    sa.UniqueConstraint('id', 'ballot_id', name=op.f('uq_ballot_papers_id_ballot_id')),
    sa.UniqueConstraint('receipt', name=op.f('uq_ballot_papers_receipt')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('ballot_papers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_papers_ballot_id'), ['ballot_id'], unique=False)

    op.create_table('ballot_subjects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_subjects_ballot_id_ballots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_subjects')),
    sa.UniqueConstraint('id', 'ballot_id', name=op.f('uq_ballot_subjects_id_ballot_id'))
    )
    with op.batch_alter_table('ballot_subjects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_subjects_ballot_id'), ['ballot_id'], unique=False)

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
    with op.batch_alter_table('ballot_marks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_marks_ballot_id'), ['ballot_id'], unique=False)

    op.create_table('ballot_participations',
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('replay_check', sa.String(length=64), nullable=True),
    sa.Column('receipt_box', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_participations_ballot_id_ballots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_ballot_participations_delegate_id_delegates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ballot_id', 'delegate_id', name=op.f('pk_ballot_participations')),
    sqlite_with_rowid=False
    )
    op.create_table('ballot_subject_results',
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('abstain', sa.Integer(), nullable=False),
    sa.Column('favourable_rate', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('score', sa.Numeric(precision=9, scale=4), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_subject_results_ballot_id_ballots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subject_id'], ['ballot_subjects.id'], name=op.f('fk_ballot_subject_results_subject_id_ballot_subjects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ballot_id', 'subject_id', name=op.f('pk_ballot_subject_results'))
    )



def downgrade():

    op.drop_table('ballot_subject_results')
    op.drop_table('ballot_participations')
    with op.batch_alter_table('ballot_marks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_marks_ballot_id'))

    op.drop_table('ballot_marks')
    with op.batch_alter_table('ballot_subjects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_subjects_ballot_id'))

    op.drop_table('ballot_subjects')
    with op.batch_alter_table('ballot_papers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_papers_ballot_id'))

    op.drop_table('ballot_papers')
    with op.batch_alter_table('ballot_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_options_ballot_id'))

    op.drop_table('ballot_options')
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballots_meeting_id'))

    op.drop_table('ballots')

