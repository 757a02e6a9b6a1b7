"""debrief timers left: the countdowns of the steps a debrief moved on from, as they stood, so
an undo of the last step gives back the time that was left

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 22:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('debriefs') as batch_op:
        batch_op.add_column(sa.Column('timers_left', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('debriefs') as batch_op:
        batch_op.drop_column('timers_left')
