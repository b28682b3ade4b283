"""Alembic environment of the thainguyen plugin (see core/migration.py)."""
from ckanext.thainguyen.core.migration import run_environment

run_environment(__file__, tables=("thainguyen_access_request", "thainguyen_access_request_event"))
