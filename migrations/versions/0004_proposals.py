"""proposals

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 20:52:11

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'submitted', 'withdrawn', 'suggestion', 'accepted', 'rejected', 'merged', 'assigned', 'replied', 'closed', name='proposal_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=50), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('review_reason', sa.Text(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("(status = 'merged') = (merged_into_id IS NOT NULL)", name=op.f('ck_proposals_merged_has_target')),
    sa.CheckConstraint('merged_into_id IS NULL OR merged_into_id <> id', name=op.f('ck_proposals_not_self_merged')),
    sa.ForeignKeyConstraint(['lead_id'], ['delegates.id'], name=op.f('fk_proposals_lead_id_delegates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_proposals_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['proposals.id'], name=op.f('fk_proposals_merged_into_id_proposals')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_proposals_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals')),
    sa.UniqueConstraint('meeting_id', 'number', name=op.f('uq_proposals_meeting_id_number'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index('ix_proposals_meeting_id_status', ['meeting_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_merged_into_id'), ['merged_into_id'], unique=False)

    op.create_table('proposal_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('is_lead', sa.Boolean(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('return_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_proposal_assignments_assigned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_assignments_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['handling_units.id'], name=op.f('fk_proposal_assignments_unit_id_handling_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_assignments'))
    )
    with op.batch_alter_table('proposal_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_assignments_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_assignments_unit_id'), ['unit_id'], unique=False)

    op.create_table('proposal_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_proposal_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_events_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_events'))
    )
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_events_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=True),
    sa.Column('rating', sa.Enum('satisfied', 'basically_satisfied', 'unsatisfied', name='feedback_rating', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_proposal_feedback_delegate_id_delegates'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_feedback_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_feedback')),
    sa.UniqueConstraint('proposal_id', 'round', name=op.f('uq_proposal_feedback_proposal_id_round'))
    )
    op.create_table('proposal_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_proposal_notices_delegate_id_delegates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_notices_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_notices'))
    )
    with op.batch_alter_table('proposal_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_notices_delegate_id'), ['delegate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_notices_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_opinions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_proposal_opinions_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_opinions_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['handling_units.id'], name=op.f('fk_proposal_opinions_unit_id_handling_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_opinions'))
    )
    with op.batch_alter_table('proposal_opinions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_opinions_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('A', 'B', 'C', 'D', name='reply_outcome', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('is_on_time', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_proposal_replies_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_replies_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['handling_units.id'], name=op.f('fk_proposal_replies_unit_id_handling_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_replies')),
    sa.UniqueConstraint('proposal_id', 'round', name=op.f('uq_proposal_replies_proposal_id_round'))
    )
    op.create_table('proposal_signers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('lead', 'cosigner', name='signer_role', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('status', sa.Enum('invited', 'signed', 'declined', name='signer_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('invited_at', sa.DateTime(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_proposal_signers_delegate_id_delegates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_signers_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_signers')),
    sa.UniqueConstraint('proposal_id', 'delegate_id', name=op.f('uq_proposal_signers_proposal_id_delegate_id'))
    )
    with op.batch_alter_table('proposal_signers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_signers_delegate_id'), ['delegate_id'], unique=False)



def downgrade():
    with op.batch_alter_table('proposal_signers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_signers_delegate_id'))

    op.drop_table('proposal_signers')
    op.drop_table('proposal_replies')
    with op.batch_alter_table('proposal_opinions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_opinions_proposal_id'))

    op.drop_table('proposal_opinions')
    with op.batch_alter_table('proposal_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_notices_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_notices_delegate_id'))

    op.drop_table('proposal_notices')
    op.drop_table('proposal_feedback')
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_events_proposal_id'))

    op.drop_table('proposal_events')
    with op.batch_alter_table('proposal_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_assignments_unit_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_assignments_proposal_id'))

    op.drop_table('proposal_assignments')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_merged_into_id'))
        batch_op.drop_index('ix_proposals_meeting_id_status')
        batch_op.drop_index(batch_op.f('ix_proposals_lead_id'))

    op.drop_table('proposals')
