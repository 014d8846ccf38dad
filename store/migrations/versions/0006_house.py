"""data versions of cached pages; staff page language

Revision ID: 0006_house
Revises: 0005_crawl
Create Date: 2026-12-06 23:30:00
"""
from alembic import op
import sqlalchemy as sa

from store.versions import create_version_objects, drop_version_objects


revision = '0006_house'
down_revision = "0005_crawl"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('data_versions',
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('scope', name=op.f('pk_data_versions'))
    )
    with op.batch_alter_table('staff_users') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), server_default='en', nullable=False))
    create_version_objects(op.get_bind())


def downgrade() -> None:
    drop_version_objects(op.get_bind())
    with op.batch_alter_table('staff_users') as batch_op:
        batch_op.drop_column('language')
    op.drop_table('data_versions')
