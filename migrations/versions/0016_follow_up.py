"""the term's follow-up: notifications (reminders in the app, mailed once), users' email
addresses, follow-ups (督办) of overdue concerns, and concerns and activities cited as a
proposal's evidence

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 22:19:49.520615

"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('due_key', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('mail_to', sa.String(length=254), nullable=True),
    sa.Column('mail_next_at', sa.DateTime(), nullable=True),
    sa.Column('mail_claim', sa.String(length=32), nullable=True),
    sa.Column('mail_attempts', sa.Integer(), nullable=False),
    sa.Column('mail_sent_at', sa.DateTime(), nullable=True),
    sa.Column('mail_error', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('kind', 'object_id', 'user_id', 'due_key', name=op.f('uq_notifications_kind_object_id_user_id_due_key'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_mail_next_at', ['mail_next_at'], unique=False)
        batch_op.create_index('ix_notifications_user_id_read_at', ['user_id', 'read_at'], unique=False)

    op.create_table('concern_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concern_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_concern_follow_ups_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['concern_id'], ['concerns.id'], name=op.f('fk_concern_follow_ups_concern_id_concerns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_concern_follow_ups_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concern_follow_ups'))
    )
    with op.batch_alter_table('concern_follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concern_follow_ups_concern_id'), ['concern_id'], unique=False)

    op.create_table('proposal_concerns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('concern_id', sa.Integer(), nullable=False),
    sa.Column('cited_by_id', sa.Integer(), nullable=True),
    sa.Column('cited_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cited_by_id'], ['users.id'], name=op.f('fk_proposal_concerns_cited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['concern_id'], ['concerns.id'], name=op.f('fk_proposal_concerns_concern_id_concerns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_concerns_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_concerns')),
    sa.UniqueConstraint('proposal_id', 'concern_id', name=op.f('uq_proposal_concerns_proposal_id_concern_id'))
    )
    with op.batch_alter_table('proposal_concerns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_concerns_concern_id'), ['concern_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_concerns_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('cited_by_id', sa.Integer(), nullable=True),
    sa.Column('cited_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_proposal_activities_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cited_by_id'], ['users.id'], name=op.f('fk_proposal_activities_cited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_activities_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_activities')),
    sa.UniqueConstraint('proposal_id', 'activity_id', name=op.f('uq_proposal_activities_proposal_id_activity_id'))
    )
    with op.batch_alter_table('proposal_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_activities_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_activities_proposal_id'), ['proposal_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email')

    with op.batch_alter_table('proposal_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_activities_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_activities_activity_id'))

    op.drop_table('proposal_activities')
    with op.batch_alter_table('proposal_concerns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_concerns_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_concerns_concern_id'))

    op.drop_table('proposal_concerns')
    with op.batch_alter_table('concern_follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concern_follow_ups_concern_id'))

    op.drop_table('concern_follow_ups')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_id_read_at')
        batch_op.drop_index('ix_notifications_mail_next_at')

    op.drop_table('notifications')
