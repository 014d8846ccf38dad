"""staff glossary entries laid over alerts/glossary.toml

Revision ID: 0002_glossary
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_glossary"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "glossary_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("es", sa.String(length=300), nullable=False),
        sa.Column("en", sa.String(length=300), nullable=False),
        sa.Column("only", sa.String(length=10), nullable=False),
        sa.Column("keep", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=320), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_entries")),
    )


def downgrade() -> None:
    op.drop_table("glossary_entries")
