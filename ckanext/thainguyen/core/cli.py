"""``ckan thainguyen ...``: the command group, with the commands of every loaded feature."""
from __future__ import annotations

import click

import ckan.plugins.toolkit as tk

from ckanext.thainguyen.core import records
from ckanext.thainguyen.core.demo import Accounts, read_accounts, write_accounts
from ckanext.thainguyen.core.sample import add_count, index_missing


def site_context() -> dict[str, str]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _features() -> list:
    return sorted(records.features(), key=lambda plugin: plugin.sample_order())


def _load_sample(counts: dict[str, int]) -> None:
    for plugin in _features():
        for what, n in plugin.load_sample(site_context()).items():
            add_count(counts, what, n)
    index_missing()


def _echo_counts(counts: dict[str, int]) -> None:
    for what, n in sorted(counts.items()):
        click.echo(f"{what}: {n}")


@click.command("load-sample")
def load_sample():
    """Create or update the demo portal's sample content (idempotent)."""
    counts: dict[str, int] = {}
    _load_sample(counts)
    _echo_counts(counts)


@click.command("demo")
@click.option("--accounts-file", type=click.Path(dir_okay=False),
              help="Read the demo accounts' passwords from this file and write them there.")
def demo(accounts_file):
    """The demo's story (idempotent): the sample content, one account per role
    (credentials printed), and downloadable files the command generates."""
    counts: dict[str, int] = {}
    _load_sample(counts)
    accounts = Accounts(read_accounts(accounts_file))
    for plugin in _features():
        for what, n in plugin.load_demo(site_context(), accounts).items():
            add_count(counts, what, n)
    _echo_counts(counts)
    click.echo("demo accounts (role, user, password):")
    for account in accounts.made:
        click.echo(f"    {account.role} {account.name} {account.password}")
    if accounts_file:
        write_accounts(accounts_file, accounts.made)


def commands() -> list[click.Command]:
    """For IClick: ``ckan thainguyen`` with each feature's subcommands."""
    group = click.Group("thainguyen", short_help="Thái Nguyên catalogue commands.",
                        help="Commands of ckanext-thainguyen.")
    group.add_command(load_sample)
    group.add_command(demo)
    for plugin in records.features():
        for command in plugin.thainguyen_commands():
            group.add_command(command)
    return [group]
