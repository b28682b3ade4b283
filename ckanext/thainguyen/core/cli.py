"""``ckan thainguyen ...``: the command group, with the commands of every loaded feature."""
from __future__ import annotations

import click

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.core import records
from ckanext.thainguyen.core.sample import add_count, index_missing


def site_context() -> dict[str, str]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


@click.command("load-sample")
def load_sample():
    """Create or update the demo portal's sample content (idempotent)."""
    counts: dict[str, int] = {}
    features = sorted(records.features(), key=lambda plugin: plugin.sample_order())
    for plugin in features:
        for what, n in plugin.load_sample(site_context()).items():
            add_count(counts, what, n)
    index_missing()
    for what, n in sorted(counts.items()):
        click.echo(f"{what}: {n}")


def commands() -> list[click.Command]:
    """For IClick: ``ckan thainguyen`` with each feature's subcommands."""
    group = click.Group("thainguyen", short_help="Thái Nguyên catalogue commands.",
                        help="Commands of ckanext-thainguyen.")
    group.add_command(load_sample)
    for plugin in records.features():
        for command in plugin.thainguyen_commands():
            group.add_command(command)
    return [group]
