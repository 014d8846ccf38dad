"""dates and stories: Document.deadlines, Change.amendment_note, Change.story_key

Revision ID: 0004_dates_stories
Revises: 0003_feedback
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_dates_stories"
down_revision = "0003_feedback"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadlines", sa.JSON(), nullable=True))
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amendment_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("story_key", sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f("ix_changes_story_key"), ["story_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_changes_story_key"))
        batch_op.drop_column("story_key")
        batch_op.drop_column("amendment_note")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("deadlines")
