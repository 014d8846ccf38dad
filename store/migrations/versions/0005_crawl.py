"""crawl warnings: route switches and pages that no longer match their parser

Revision ID: 0005_crawl
Revises: 0004_dates_stories
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_crawl"
down_revision = "0004_dates_stories"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("warnings", sa.JSON(), nullable=True))
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("warnings", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("warnings")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("warnings")
