"""The alembic environment every plugin of the extension shares.

Each plugin keeps its migrations in ``migration/<plugin>/`` (where ``ckan db
upgrade -p <plugin>`` looks) with its own version table
``<plugin>_alembic_version``, so each applies on its own.
"""
from __future__ import annotations

import os
from logging.config import fileConfig
from typing import Iterable

from alembic import context
from sqlalchemy import engine_from_config, pool

from ckan.model.meta import metadata


def run_environment(env_file: str, tables: Iterable[str]) -> None:
    """Run the migrations beside ``env_file``, autogenerating only for ``tables``."""
    config = context.config
    if config.config_file_name:
        fileConfig(config.config_file_name)
    name = os.path.basename(os.path.dirname(os.path.abspath(env_file)))
    owned = frozenset(tables)

    def include_object(object, object_name, type_, reflected, compare_to):
        # Autogenerate must only ever see this plugin's tables.
        return object_name in owned if type_ == "table" else True

    options = dict(target_metadata=metadata, version_table=f"{name}_alembic_version",
                   include_object=include_object)
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True,
                          **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    connectable = engine_from_config(config.get_section(config.config_ini_section),
                                     prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
