"""Innovation contest: editions, organiser/judge roles, entry state, scores.

Revision ID: e3b9f6a2c8d1
Revises:
Create Date: 2026-11-28 01:05:00

Sites that ran the extension's single-plugin migrations already have these
tables (created by revision c4d8e1f2a9b0 of ``thainguyen``): they are kept as they are.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = "e3b9f6a2c8d1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    if sa.inspect(op.get_bind()).has_table("thainguyen_contest_edition"):
        return
    op.create_table(
        "thainguyen_contest_edition",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("name", sa.UnicodeText, nullable=False, unique=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("theme", sa.UnicodeText, nullable=False),
        sa.Column("rules", sa.UnicodeText, nullable=False),
        sa.Column("categories", JSONB, nullable=False),
        sa.Column("criteria", JSONB, nullable=False),
        sa.Column("prizes", JSONB, nullable=False),
        sa.Column("submission_opens", sa.DateTime, nullable=False),
        sa.Column("submission_closes", sa.DateTime, nullable=False),
        sa.Column("judging_opens", sa.DateTime, nullable=False),
        sa.Column("judging_closes", sa.DateTime, nullable=False),
        sa.Column("results_published", sa.DateTime),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_table(
        "thainguyen_contest_role",
        sa.Column("edition_id", sa.UnicodeText,
                  sa.ForeignKey("thainguyen_contest_edition.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("user_id", sa.UnicodeText,
                  sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("role", sa.UnicodeText, primary_key=True),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_table(
        "thainguyen_contest_entry",
        sa.Column("package_id", sa.UnicodeText,
                  sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("edition_id", sa.UnicodeText,
                  sa.ForeignKey("thainguyen_contest_edition.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("prize", sa.UnicodeText),
        sa.Column("submitted", sa.DateTime),
        sa.Column("status_changed", sa.DateTime, nullable=False),
    )
    op.create_table(
        "thainguyen_contest_score",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText,
                  sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("judge_id", sa.UnicodeText,
                  sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("scores", JSONB, nullable=False),
        sa.Column("comment", sa.UnicodeText, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
        sa.UniqueConstraint("package_id", "judge_id"),
    )


def downgrade():
    op.drop_table("thainguyen_contest_score")
    op.drop_table("thainguyen_contest_entry")
    op.drop_table("thainguyen_contest_role")
    op.drop_table("thainguyen_contest_edition")
