"""Innovation contest: corrections of published results.

Revision ID: f4a7c2d9e6b3
Revises: e3b9f6a2c8d1
Create Date: 2026-12-02 07:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = "f4a7c2d9e6b3"
down_revision = "e3b9f6a2c8d1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "thainguyen_contest_correction",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("edition_id", sa.UnicodeText,
                  sa.ForeignKey("thainguyen_contest_edition.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("package_id", sa.UnicodeText,
                  sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("from_status", sa.UnicodeText, nullable=False),
        sa.Column("from_prize", sa.UnicodeText),
        sa.Column("to_status", sa.UnicodeText, nullable=False),
        sa.Column("to_prize", sa.UnicodeText),
        sa.Column("reason", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
    )


def downgrade():
    op.drop_table("thainguyen_contest_correction")
