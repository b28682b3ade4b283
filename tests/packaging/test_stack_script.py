"""scripts/stack.sh keeps one DataStore database usable by both CKAN releases."""
from __future__ import annotations

import os
import subprocess

import sqlalchemy as sa

import ckan
from ckan.plugins import toolkit as tk

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TRIGGERS_ON_TABLE_STATS = sa.text("""
    SELECT count(*) FROM pg_trigger
    WHERE tgname = 'zfulltext' AND tgrelid = to_regclass('public._table_stats')""")


def test_datastore_permissions_keep_the_full_text_trigger_off_table_stats():
    engine = sa.create_engine(tk.config["ckan.datastore.write_url"])
    database = engine.url.database
    with engine.begin() as conn:
        # What a database that already served CKAN 2.12 holds; 2.11 reruns
        # its GRANTs over it when .stack/ is new but PostgreSQL's data is not.
        created = conn.execute(sa.text("SELECT to_regclass('public._table_stats')")).scalar() is None
        conn.execute(sa.text('CREATE TABLE IF NOT EXISTS "_table_stats" '
                             "(resource_id text PRIMARY KEY, stats jsonb)"))
    try:
        env = dict(os.environ, CKAN_VERSION=ckan.__version__)
        env.pop("CKAN_SQLALCHEMY_URL", None)  # the script only manages its own PostgreSQL
        proc = subprocess.run(
            ["bash", "scripts/stack.sh", "datastore-permissions",
             os.path.join(ROOT, "test.ini"), database,
             # CKAN starts on this run's own database (test.ini names one
             # that `stack.sh up` no longer creates).
             f"CKAN_SQLALCHEMY_URL={tk.config['sqlalchemy.url']}"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr

        with engine.begin() as conn:
            assert conn.execute(TRIGGERS_ON_TABLE_STATS).scalar() == 0
            # CKAN 2.12's row count cache can be written again.
            conn.execute(sa.text(
                "INSERT INTO \"_table_stats\" VALUES ('probe', '{}') "
                "ON CONFLICT (resource_id) DO NOTHING"))
            conn.execute(sa.text("DELETE FROM \"_table_stats\" WHERE resource_id = 'probe'"))
    finally:
        if created:
            with engine.begin() as conn:
                conn.execute(sa.text('DROP TABLE "_table_stats"'))
        engine.dispose()
