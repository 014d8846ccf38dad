"""members' relevant / not relevant answers from digest links

Revision ID: 0003_feedback
Revises: 0002_glossary
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_feedback"
down_revision = "0002_glossary"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("relevant", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["change_id"], ["changes.id"], name=op.f("fk_feedback_change_id_changes")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_feedback_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("member_id", "change_id", name="uq_feedback_member"),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_change_id"), ["change_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_member_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_change_id"))
    op.drop_table("feedback")
