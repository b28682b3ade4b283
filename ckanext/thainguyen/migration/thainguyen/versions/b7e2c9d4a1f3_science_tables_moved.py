"""The science tables moved to the thainguyen_science plugin's own migrations.

Revision ID: b7e2c9d4a1f3
Revises: 5780258fb010
Create Date: 2026-12-01 20:00:00

This revision once created them here, when one plugin held every feature.
It stays, doing nothing, so that sites which applied it upgrade cleanly;
``ckan db upgrade -p thainguyen_science`` now creates (or, on such sites, keeps) them.
"""
revision = "b7e2c9d4a1f3"
down_revision = "5780258fb010"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
