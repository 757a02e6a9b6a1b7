"""reports

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('party_committee', 'discipline', 'development', 'other', name='report_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_reports_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('report_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('source_name', sa.String(length=200), nullable=True),
    sa.Column('source_format', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('tabled_at', sa.DateTime(), nullable=True),
    sa.Column('tabled_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_versions_report_id_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tabled_by_id'], ['users.id'], name=op.f('fk_report_versions_tabled_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_versions')),
    sa.UniqueConstraint('report_id', 'number', name=op.f('uq_report_versions_report_id_number'))
    )
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_versions_report_id'), ['report_id'], unique=False)

    op.create_table('resolutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_resolutions_ballot_id_ballots'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_resolutions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resolutions')),
    sa.UniqueConstraint('ballot_id', name=op.f('uq_resolutions_ballot_id'))
    )
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolutions_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('group_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'open', 'closed', name='group_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('recorder_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('notes_updated_at', sa.DateTime(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_group_sessions_delegation_id_delegations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_group_sessions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorder_id'], ['delegates.id'], name=op.f('fk_group_sessions_recorder_id_delegates'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_sessions')),
    sa.UniqueConstraint('delegation_id', name=op.f('uq_group_sessions_delegation_id'))
    )
    with op.batch_alter_table('group_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_sessions_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('report_blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('heading', 'paragraph', 'table', name='block_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['version_id'], ['report_versions.id'], name=op.f('fk_report_blocks_version_id_report_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_blocks')),
    sa.UniqueConstraint('version_id', 'position', name=op.f('uq_report_blocks_version_id_position'))
    )
    with op.batch_alter_table('report_blocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_blocks_version_id'), ['version_id'], unique=False)

    op.create_table('resolution_reports',
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_resolution_reports_report_id_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_resolution_reports_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resolution_id', 'report_id', name=op.f('pk_resolution_reports'))
    )
    op.create_table('digest_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('block_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['block_id'], ['report_blocks.id'], name=op.f('fk_digest_items_block_id_report_blocks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_digest_items_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_items'))
    )
    with op.batch_alter_table('digest_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_items_report_id'), ['report_id'], unique=False)

    op.create_table('group_attendances',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('present', 'on_leave', 'absent', name='group_presence', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_group_attendances_delegate_id_delegates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['group_sessions.id'], name=op.f('fk_group_attendances_session_id_group_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'delegate_id', name=op.f('pk_group_attendances'))
    )
    op.create_table('review_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('block_id', sa.Integer(), nullable=True),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['block_id'], ['report_blocks.id'], name=op.f('fk_review_comments_block_id_report_blocks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_review_comments_delegate_id_delegates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_review_comments_delegation_id_delegations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_review_comments_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_review_comments_report_id_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['report_versions.id'], name=op.f('fk_review_comments_version_id_report_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_comments'))
    )
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_comments_delegate_id'), ['delegate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_comments_delegation_id'), ['delegation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_comments_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_comments_report_id'), ['report_id'], unique=False)

    op.create_table('digest_sources',
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['review_comments.id'], name=op.f('fk_digest_sources_comment_id_review_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['digest_items.id'], name=op.f('fk_digest_sources_item_id_digest_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('comment_id', name=op.f('pk_digest_sources'))
    )
    with op.batch_alter_table('digest_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_sources_item_id'), ['item_id'], unique=False)



def downgrade():
    with op.batch_alter_table('digest_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_sources_item_id'))

    op.drop_table('digest_sources')
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_comments_report_id'))
        batch_op.drop_index(batch_op.f('ix_review_comments_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_review_comments_delegation_id'))
        batch_op.drop_index(batch_op.f('ix_review_comments_delegate_id'))

    op.drop_table('review_comments')
    op.drop_table('group_attendances')
    with op.batch_alter_table('digest_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_items_report_id'))

    op.drop_table('digest_items')
    op.drop_table('resolution_reports')
    with op.batch_alter_table('report_blocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_blocks_version_id'))

    op.drop_table('report_blocks')
    with op.batch_alter_table('group_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_sessions_meeting_id'))

    op.drop_table('group_sessions')
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resolutions_meeting_id'))

    op.drop_table('resolutions')
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_versions_report_id'))

    op.drop_table('report_versions')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_meeting_id'))

    op.drop_table('reports')
