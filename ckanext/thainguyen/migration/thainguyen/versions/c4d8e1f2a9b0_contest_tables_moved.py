"""The contest tables moved to the thainguyen_contest plugin's own migrations.

Revision ID: c4d8e1f2a9b0
Revises: b7e2c9d4a1f3
Create Date: 2026-12-01 20:00:00

This revision once created them here, when one plugin held every feature.
It stays, doing nothing, so that sites which applied it upgrade cleanly;
``ckan db upgrade -p thainguyen_contest`` now creates (or, on such sites, keeps) them.
"""
revision = "c4d8e1f2a9b0"
down_revision = "b7e2c9d4a1f3"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
