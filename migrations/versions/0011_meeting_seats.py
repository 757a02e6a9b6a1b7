"""meeting seats: a delegate's seat at one annual meeting, where it differs from the seat of
the term kept on the delegate (the default)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 19:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'meeting_seats',
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('delegate_id', sa.Integer(), nullable=False),
        sa.Column('seat', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'],
                                name=op.f('fk_meeting_seats_meeting_id_meetings'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'],
                                name=op.f('fk_meeting_seats_delegate_id_delegates'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('meeting_id', 'delegate_id', name=op.f('pk_meeting_seats')),
    )


def downgrade():
    op.drop_table('meeting_seats')
