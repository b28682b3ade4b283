"""Create the access request tables (special-mode catalogue entries).

Revision ID: 5780258fb010
Revises:
Create Date: 2026-11-28 00:55:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "5780258fb010"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "thainguyen_access_request",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("purpose", sa.UnicodeText, nullable=False),
        sa.Column("legal_basis", sa.UnicodeText, nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("decided_by", sa.UnicodeText),
        sa.Column("decided_at", sa.DateTime),
        sa.Column("decision_note", sa.UnicodeText),
        sa.Column("expires", sa.DateTime),
        sa.Column("revoked_by", sa.UnicodeText),
        sa.Column("revoked_at", sa.DateTime),
        sa.Column("revoke_reason", sa.UnicodeText),
    )
    op.create_index(
        "ix_thainguyen_access_request_package_id",
        "thainguyen_access_request", ["package_id"],
    )
    op.create_index(
        "thainguyen_access_request_grant_idx",
        "thainguyen_access_request", ["user_id", "status", "expires"],
    )
    op.create_index(
        "thainguyen_access_request_one_pending_idx",
        "thainguyen_access_request", ["package_id", "user_id"],
        unique=True,
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "thainguyen_access_request_event",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column(
            "request_id", sa.UnicodeText,
            sa.ForeignKey("thainguyen_access_request.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("event", sa.UnicodeText, nullable=False),
        sa.Column("actor_id", sa.UnicodeText, nullable=False),
        sa.Column("timestamp", sa.DateTime, nullable=False),
        sa.Column("note", sa.UnicodeText),
    )
    op.create_index(
        "ix_thainguyen_access_request_event_request_id",
        "thainguyen_access_request_event", ["request_id"],
    )


def downgrade():
    op.drop_table("thainguyen_access_request_event")
    op.drop_table("thainguyen_access_request")
