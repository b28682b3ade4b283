"""The extension's alembic migrations, run for real against PostgreSQL."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.cli.cli import ckan

ACCESS_TABLES = {"thainguyen_access_request", "thainguyen_access_request_event"}


def _tables() -> set[str]:
    model.Session.remove()
    return set(sa.inspect(model.meta.engine).get_table_names())


def _indexes(table: str) -> dict[str, dict]:
    return {index["name"]: index for index in sa.inspect(model.meta.engine).get_indexes(table)}


@pytest.mark.usefixtures("clean_db")
class TestAccessRequestMigration:
    def test_upgrade_and_downgrade_to_base(self, migrate_db_for):
        assert ACCESS_TABLES <= _tables()
        one_pending = _indexes("thainguyen_access_request")["thainguyen_access_request_one_pending_idx"]
        assert one_pending["unique"]
        assert one_pending["column_names"] == ["package_id", "user_id"]
        try:
            migrate_db_for("thainguyen", "base", False)
            assert not ACCESS_TABLES & _tables()
        finally:
            migrate_db_for("thainguyen")
        assert ACCESS_TABLES <= _tables()

    def test_ckan_db_commands(self, cli, migrate_db_for):
        try:
            result = cli.invoke(ckan, ["db", "downgrade", "-p", "thainguyen"])
            assert result.exit_code == 0, result.output
            assert not ACCESS_TABLES & _tables()

            result = cli.invoke(ckan, ["db", "upgrade", "-p", "thainguyen"])
            assert result.exit_code == 0, result.output
            assert ACCESS_TABLES <= _tables()
        finally:
            migrate_db_for("thainguyen")
