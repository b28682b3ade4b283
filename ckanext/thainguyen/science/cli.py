"""``ckan thainguyen rebuild-funding`` (added to the group by the ``thainguyen_science`` plugin)."""
from __future__ import annotations

import click

from ckanext.thainguyen.science import store


@click.command("rebuild-funding")
def rebuild_funding():
    """Rebuild the science-project funding tables from the datasets."""
    count = store.rebuild()
    click.echo(f"science projects: {count}")
