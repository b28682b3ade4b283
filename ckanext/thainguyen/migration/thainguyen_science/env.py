"""Alembic environment of the thainguyen_science plugin (see core/migration.py)."""
from ckanext.thainguyen.core.migration import run_environment

run_environment(__file__, tables=("thainguyen_science_project", "thainguyen_project_funding"))
