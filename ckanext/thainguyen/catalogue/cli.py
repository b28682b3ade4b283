"""``ckan thainguyen classify``: sharing modes for datasets made before the extension."""
from __future__ import annotations

import click

from ckanext.thainguyen.catalogue import classify as classifier
from ckanext.thainguyen.core.cli import site_context


@click.command("classify")
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
    if not csv_path and not rule:
        raise click.UsageError("give --csv FILE and/or --rule default-rule")
    context = {"user": site_context()["user"]}
    try:
        rows = classifier.read_csv(csv_path) if csv_path else None
        proposals = classifier.plan(context, rows=rows, rule=rule,
                                    shared_with=list(shared_with), code_prefix=code_prefix)
    except classifier.ClassifyError as e:
        raise click.ClickException(str(e))
    if do_apply:
        classifier.apply(context, proposals)

    for proposal in proposals:
        click.echo(classify_line(proposal, do_apply))
    counts: dict[str, int] = {}
    for proposal in proposals:
        outcome = proposal.outcome if do_apply else ("ok" if proposal.ok else "invalid")
        counts[outcome] = counts.get(outcome, 0) + 1
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing to classify"
    click.echo(("" if do_apply else "dry run (use --apply to write) — ") + summary)
    if do_apply and counts.get("failed"):
        raise SystemExit(1)


def classify_line(proposal, applied: bool) -> str:
    problems = "; ".join(f"{field}: {' '.join(msgs)}"
                         for field, msgs in sorted(proposal.problems.items()))
    private = "-" if proposal.private is None else str(proposal.private)
    new_private = "" if proposal.new_private is None else f" (private={proposal.new_private})"
    status = proposal.outcome.upper() if applied else ("OK" if proposal.ok else "INVALID")
    line = (f"{proposal.name}\tprivate={private}\t"
            f"{proposal.current_mode or '-'} -> {proposal.new_mode or '-'}{new_private}\t{status}")
    return f"{line}\t{problems}" if problems else line
