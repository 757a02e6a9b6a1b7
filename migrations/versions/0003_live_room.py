"""live room: events, debriefs, floor queue

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 20:52:19.204925

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_events_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('debriefs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('reporter_name', sa.String(length=100), nullable=False),
    sa.Column('reporter_title', sa.String(length=200), nullable=False),
    sa.Column('phase', sa.Enum('pending', 'report', 'questions', 'comment', 'scoring', 'closed', name='debrief_phase', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('phase_changed_at', sa.DateTime(), nullable=True),
    sa.Column('ballot_id', sa.Integer(), nullable=True),
    sa.Column('comment_speaker', sa.String(length=100), nullable=True),
    sa.Column('comment_text', sa.Text(), nullable=True),
    sa.Column('timer_kind', sa.String(length=16), nullable=True),
    sa.Column('timer_seconds', sa.Integer(), nullable=True),
    sa.Column('timer_started_at', sa.DateTime(), nullable=True),
    sa.Column('timer_elapsed', sa.Double(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_debriefs_ballot_id_ballots'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_debriefs_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_debriefs'))
    )
    with op.batch_alter_table('debriefs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_debriefs_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('debrief_questioners',
    sa.Column('debrief_id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['debrief_id'], ['debriefs.id'], name=op.f('fk_debrief_questioners_debrief_id_debriefs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_debrief_questioners_delegate_id_delegates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('debrief_id', 'delegate_id', name=op.f('pk_debrief_questioners'))
    )
    op.create_table('floor_queues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('debrief_id', sa.Integer(), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['debrief_id'], ['debriefs.id'], name=op.f('fk_floor_queues_debrief_id_debriefs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_floor_queues_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_floor_queues')),
    sa.UniqueConstraint('debrief_id', name=op.f('uq_floor_queues_debrief_id'))
    )
    with op.batch_alter_table('floor_queues', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_floor_queues_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('floor_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('question', 'challenge', name='floor_request_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('waiting', 'speaking', 'done', 'withdrawn', 'rejected', name='floor_request_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('sort_key', sa.Integer(), nullable=False),
    sa.Column('is_designated', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('admitted_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_floor_requests_delegate_id_delegates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['queue_id'], ['floor_queues.id'], name=op.f('fk_floor_requests_queue_id_floor_queues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_floor_requests'))
    )
    with op.batch_alter_table('floor_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_floor_requests_delegate_id'), ['delegate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_floor_requests_queue_id'), ['queue_id'], unique=False)
        batch_op.create_index('uq_floor_requests_active_delegate', ['queue_id', 'delegate_id'], unique=True, sqlite_where=sa.text("status IN ('waiting', 'speaking')"), postgresql_where=sa.text("status IN ('waiting', 'speaking')"))

    


def downgrade():
    
    with op.batch_alter_table('floor_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_floor_requests_active_delegate', sqlite_where=sa.text("status IN ('waiting', 'speaking')"), postgresql_where=sa.text("status IN ('waiting', 'speaking')"))
        batch_op.drop_index(batch_op.f('ix_floor_requests_queue_id'))
        batch_op.drop_index(batch_op.f('ix_floor_requests_delegate_id'))

    op.drop_table('floor_requests')
    with op.batch_alter_table('floor_queues', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_floor_queues_meeting_id'))

    op.drop_table('floor_queues')
    op.drop_table('debrief_questioners')
    with op.batch_alter_table('debriefs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_debriefs_meeting_id'))

    op.drop_table('debriefs')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_meeting_id'))

    op.drop_table('events')
    
