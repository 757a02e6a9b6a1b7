"""records

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 22:19:23.031295

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('minutes_headers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('chair', sa.String(length=200), nullable=False),
    sa.Column('recorder', sa.String(length=100), nullable=False),
    sa.Column('non_voting', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_minutes_headers_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_headers')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_minutes_headers_meeting_id'))
    )
    op.create_table('minutes_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('placement', sa.Enum('opening', 'closing', name='minutes_placement', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('heading', sa.String(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_minutes_sections_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_sections'))
    )
    with op.batch_alter_table('minutes_sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_sections_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('minutes_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('data_version', sa.Integer(), nullable=False),
    sa.Column('finalised_at', sa.DateTime(), nullable=False),
    sa.Column('finalised_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['finalised_by_id'], ['users.id'], name=op.f('fk_minutes_versions_finalised_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_minutes_versions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_versions')),
    sa.UniqueConstraint('meeting_id', 'number', name=op.f('uq_minutes_versions_meeting_id_number'))
    )
    with op.batch_alter_table('minutes_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_versions_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('record_prints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('document', sa.String(length=64), nullable=False),
    sa.Column('data_version', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('generated_at', sa.DateTime(), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_record_prints_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_record_prints_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_prints'))
    )
    with op.batch_alter_table('record_prints', schema=None) as batch_op:
        batch_op.create_index('ix_record_prints_meeting_id_document', ['meeting_id', 'document'], unique=False)



def downgrade():
    with op.batch_alter_table('record_prints', schema=None) as batch_op:
        batch_op.drop_index('ix_record_prints_meeting_id_document')

    op.drop_table('record_prints')
    with op.batch_alter_table('minutes_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_versions_meeting_id'))

    op.drop_table('minutes_versions')
    with op.batch_alter_table('minutes_sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_sections_meeting_id'))

    op.drop_table('minutes_sections')
    op.drop_table('minutes_headers')
