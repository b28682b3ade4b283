"""Science projects and their yearly funding (denormalised for summaries).

Revision ID: d1a5c0e7b2f4
Revises:
Create Date: 2026-11-28 01:00:00

Sites that ran the extension's single-plugin migrations already have these
tables (created by revision b7e2c9d4a1f3 of ``thainguyen``): they are kept as they are.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

revision = "d1a5c0e7b2f4"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    if sa.inspect(op.get_bind()).has_table("thainguyen_science_project"):
        return
    op.create_table(
        "thainguyen_science_project",
        sa.Column("package_id", sa.UnicodeText,
                  sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("project_code", sa.UnicodeText, nullable=False, unique=True),
        sa.Column("name", sa.UnicodeText, nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("level", sa.UnicodeText, nullable=False),
        sa.Column("field_of_science", sa.UnicodeText, nullable=False),
        sa.Column("owner_org", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("commissioned", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("commissioned_by", sa.UnicodeText),
        sa.Column("pi_name", sa.UnicodeText),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("labels", ARRAY(sa.UnicodeText), nullable=False),
    )
    op.create_index("ix_thainguyen_science_project_owner_org",
                    "thainguyen_science_project", ["owner_org"])
    # Visibility filter of every summary: labels && caller's labels.
    op.create_index("ix_thainguyen_science_project_labels",
                    "thainguyen_science_project", ["labels"], postgresql_using="gin")
    op.create_table(
        "thainguyen_project_funding",
        sa.Column("package_id", sa.UnicodeText,
                  sa.ForeignKey("thainguyen_science_project.package_id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("state_budget_vnd", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("non_budget_vnd", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("disbursed_vnd", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_index("ix_thainguyen_project_funding_year",
                    "thainguyen_project_funding", ["year"])


def downgrade():
    op.drop_table("thainguyen_project_funding")
    op.drop_table("thainguyen_science_project")
