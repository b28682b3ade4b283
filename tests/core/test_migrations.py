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


CONTEST_TABLES = {"thainguyen_contest_edition", "thainguyen_contest_role",
                  "thainguyen_contest_entry", "thainguyen_contest_score",
                  "thainguyen_contest_correction"}
SCIENCE_TABLES = {"thainguyen_science_project", "thainguyen_project_funding"}
FEATURE_PLUGINS = ("thainguyen_contest", "thainguyen_science")


def _version(plugin: str):
    with model.meta.engine.connect() as conn:
        if not sa.inspect(conn).has_table(f"{plugin}_alembic_version"):
            return None
        return conn.execute(sa.text(f"SELECT version_num FROM {plugin}_alembic_version")).scalar()


def _execute(sql: str, **params) -> None:
    with model.meta.engine.begin() as conn:
        conn.execute(sa.text(sql), params)


@pytest.mark.usefixtures("clean_db")
class TestPluginsMigrateOnTheirOwn:
    def test_each_plugin_has_its_own_version_table_at_its_head(self):
        assert _version("thainguyen") == "c4d8e1f2a9b0"
        assert _version("thainguyen_contest") == "f4a7c2d9e6b3"
        assert _version("thainguyen_science") == "d1a5c0e7b2f4"

    def test_the_sharing_plugin_alone_creates_no_contest_or_science_table(self, migrate_db_for):
        try:
            for plugin in FEATURE_PLUGINS:
                migrate_db_for(plugin, "base", False)
            assert not (CONTEST_TABLES | SCIENCE_TABLES) & _tables()
            migrate_db_for("thainguyen", "base", False)
            migrate_db_for("thainguyen")
            assert ACCESS_TABLES <= _tables()
            assert not (CONTEST_TABLES | SCIENCE_TABLES) & _tables()
        finally:
            for plugin in ("thainguyen",) + FEATURE_PLUGINS:
                migrate_db_for(plugin)

    def test_a_site_of_the_single_plugin_layout_upgrades_without_losing_data(self, migrate_db_for):
        # The single-plugin layout: every table made under ``thainguyen``'s
        # version table (at c4d8e1f2a9b0), no version table of the feature
        # plugins. The moved revisions hold the very same DDL.
        for plugin in FEATURE_PLUGINS:
            _execute(f"DROP TABLE {plugin}_alembic_version")
        # Tables of later contest revisions did not exist in that layout.
        _execute("DROP TABLE thainguyen_contest_correction")
        _execute("INSERT INTO thainguyen_access_request (id, package_id, user_id, purpose, "
                 "legal_basis, period_start, period_end, status, created) VALUES "
                 "('ar-1', 'p-1', 'u-1', 'research', 'Law on Data', '2025-01-01', "
                 "'2025-12-31', 'pending', now())")
        _execute("INSERT INTO thainguyen_contest_edition (id, name, title, year, theme, rules, "
                 "categories, criteria, prizes, submission_opens, submission_closes, "
                 "judging_opens, judging_closes, created) VALUES ('ed-1', 'dmst-2025', "
                 "'2025', 2025, '', '', '[]', '[]', '[]', now(), now(), now(), now(), now())")
        try:
            for plugin in ("thainguyen",) + FEATURE_PLUGINS:
                migrate_db_for(plugin)
            assert _version("thainguyen") == "c4d8e1f2a9b0"
            assert _version("thainguyen_contest") == "f4a7c2d9e6b3"
            assert _version("thainguyen_science") == "d1a5c0e7b2f4"
            with model.meta.engine.connect() as conn:
                assert conn.execute(sa.text(
                    "SELECT purpose FROM thainguyen_access_request WHERE id = 'ar-1'")).scalar() \
                    == "research"
                assert conn.execute(sa.text(
                    "SELECT name FROM thainguyen_contest_edition WHERE id = 'ed-1'")).scalar() \
                    == "dmst-2025"
            assert ACCESS_TABLES | CONTEST_TABLES | SCIENCE_TABLES <= _tables()
        finally:
            for plugin in FEATURE_PLUGINS:
                if _version(plugin) is None:
                    migrate_db_for(plugin)
