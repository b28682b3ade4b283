"""Alembic environment of the thainguyen_contest plugin (see core/migration.py)."""
from ckanext.thainguyen.core.migration import run_environment

run_environment(__file__, tables=("thainguyen_contest_edition", "thainguyen_contest_role", "thainguyen_contest_entry", "thainguyen_contest_score"))
