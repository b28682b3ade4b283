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


@thainguyen.command("classify")
@click.option("--csv", "csv_path", type=click.Path(exists=True, dir_okay=False),
              help="CSV with a 'name' column, 'sharing_mode' and other catalogue fields.")
@click.option("--rule", type=click.Choice(["default-rule"]),
              help="default-rule: public → open, private → default (unclassified entries).")
@click.option("--shared-with", "shared_with", multiple=True,
              help="Organisation (name) or 'all' that entries going to default mode "
                   "without agencies are shared with. Repeatable.")
@click.option("--code-prefix",
              help="Give entries that lack only a catalogue code the next free one "
                   "with this prefix, e.g. TN-CSDL-.")
@click.option("--apply", "do_apply", is_flag=True,
              help="Write the changes (without it, only show what would change).")
def classify(csv_path, rule, shared_with, code_prefix, do_apply):
    """Assign sharing modes to datasets created before the extension.

    Dry run by default: prints one line per dataset (name, current private
    flag, new mode, problems). With --apply each valid dataset is patched
    as the site user (all or nothing per dataset) and reindexed.
    """
    from ckanext.thainguyen import classify as classifier

    if not csv_path and not rule:
        raise click.UsageError("give --csv FILE and/or --rule default-rule")
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"]}
    try:
        rows = classifier.read_csv(csv_path) if csv_path else None
        proposals = classifier.plan(context, rows=rows, rule=rule,
                                    shared_with=list(shared_with), code_prefix=code_prefix)
    except classifier.ClassifyError as e:
        raise click.ClickException(str(e))
    if do_apply:
        classifier.apply(context, proposals)

    for proposal in proposals:
        click.echo(_classify_line(proposal, do_apply))
    counts: dict[str, int] = {}
    for proposal in proposals:
        outcome = proposal.outcome if do_apply else ("ok" if proposal.ok else "invalid")
        counts[outcome] = counts.get(outcome, 0) + 1
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing to classify"
    click.echo(("" if do_apply else "dry run (use --apply to write) — ") + summary)
    if do_apply and counts.get("failed"):
        raise SystemExit(1)


def _classify_line(proposal, applied: bool) -> str:
    problems = "; ".join(f"{field}: {' '.join(msgs)}"
                         for field, msgs in sorted(proposal.problems.items()))
    private = "-" if proposal.private is None else str(proposal.private)
    new_private = "" if proposal.new_private is None else f" (private={proposal.new_private})"
    status = proposal.outcome.upper() if applied else ("OK" if proposal.ok else "INVALID")
    line = (f"{proposal.name}\tprivate={private}\t"
            f"{proposal.current_mode or '-'} -> {proposal.new_mode or '-'}{new_private}\t{status}")
    return f"{line}\t{problems}" if problems else line


@thainguyen.command("rebuild-funding")
def rebuild_funding():
    """Rebuild the science-project funding tables from the datasets."""
    from ckanext.thainguyen import science_store

    count = science_store.rebuild()
    click.echo(f"science projects: {count}")
