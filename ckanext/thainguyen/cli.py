"""``ckan thainguyen ...`` commands."""
from __future__ import annotations

import click

import ckan.plugins.toolkit as tk

__all__ = ["thainguyen"]


@click.group(short_help="Thái Nguyên catalogue commands.")
def thainguyen():
    """Commands of ckanext-thainguyen."""


@thainguyen.command("load-sample")
def load_sample():
    """Create or update the demo portal's sample content (idempotent)."""
    from ckanext.thainguyen import sample

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    counts = sample.load({"user": site_user["name"], "ignore_auth": True})
    for what, n in sorted(counts.items()):
        click.echo(f"{what}: {n}")
