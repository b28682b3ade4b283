"""``ckan thainguyen classify``: sharing modes for datasets made before the extension."""
from __future__ import annotations

import sys

import click

from ckanext.thainguyen.catalogue import classify as classifier
from ckanext.thainguyen.catalogue import classify_guide as guide
from ckanext.thainguyen.core.cli import site_context

# What an operator types, shown by the bare command (and after a dry run).
NEXT_STEPS = """\
Next steps (nothing is written without --apply):
  1. See what the default rule would do (public -> open, private -> default):
       ckan thainguyen classify --rule default-rule --code-prefix TN-CSDL- --shared-with own-org
     public datasets with a closed licence cannot be open data: add
       --closed-licence default   to share them by default mode instead
  2. Or map the datasets yourself: write a CSV template, fill its sharing_mode column, check it:
       ckan thainguyen classify template --output mapping.csv
       ckan thainguyen classify --csv mapping.csv
  3. Write it: add --apply to the same command; changes that make an entry more visible
     (metadata or data becoming public) also need --yes.
"""


@click.group("classify", invoke_without_command=True)
@click.option("--csv", "csv_path", type=click.Path(exists=True, dir_okay=False),
              help="CSV with a 'name' column, 'sharing_mode' and other catalogue fields "
                   "('ckan thainguyen classify template' writes one).")
@click.option("--rule", type=click.Choice(classifier.RULES),
              help="default-rule: public -> open, private -> default (unclassified entries).")
@click.option("--shared-with", "shared_with", multiple=True,
              help="Organisation (name), 'own-org' (each entry's own organisation) or 'all' "
                   "that entries going to default mode without agencies are shared with. "
                   "Repeatable.")
@click.option("--code-prefix",
              help="Give entries that lack only a catalogue code the next free one "
                   "with this prefix, e.g. TN-CSDL-.")
@click.option("--closed-licence", "closed_licence", type=click.Choice(classifier.CLOSED_LICENCE_CHOICES),
              default=classifier.CLOSED_LICENCE_REFUSE, show_default=True,
              help="With --rule: a public dataset whose licence is not open cannot be open "
                   "data; 'default' shares it by default mode instead (its data then goes "
                   "only to the agencies it is shared with).")
@click.option("--apply", "do_apply", is_flag=True,
              help="Write the changes (without it, only show what would change).")
@click.option("--yes", "yes", is_flag=True,
              help="With --apply: confirm the changes that make entries more visible.")
@click.pass_context
def classify(ctx, csv_path, rule, shared_with, code_prefix, closed_licence, do_apply, yes):
    """Assign sharing modes to datasets created before the extension.

    Without options: what is left to classify and what to type next. Dry
    run by default: prints one line per dataset (name, current private
    flag, new mode, problems and how to fix them). With --apply each valid
    dataset is patched as the site user (all or nothing per dataset) and
    reindexed; a change that widens visibility is listed first and written
    only with --yes (or a yes typed at the prompt).
    """
    if ctx.invoked_subcommand:
        return
    if not csv_path and not rule:
        counts = guide.unclassified()
        click.echo(f"Catalogue entries without a sharing mode: {counts['public'] + counts['private']} "
                   f"({counts['public']} public, {counts['private']} private).")
        click.echo(NEXT_STEPS)
        return
    context = {"user": site_context()["user"]}
    try:
        rows = classifier.read_csv(csv_path) if csv_path else None
        proposals = classifier.plan(context, rows=rows, rule=rule, shared_with=list(shared_with),
                                    code_prefix=code_prefix, closed_licence=closed_licence)
    except classifier.ClassifyError as e:
        raise click.ClickException(str(e))
    widens = _list_widening(proposals, do_apply)
    if do_apply and widens and not _confirmed(yes):
        raise click.ClickException(
            "nothing written: the changes above make entries more visible; "
            "run the same command with --yes to write them")
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
    if not do_apply and counts.get("ok"):
        click.echo("To write the OK lines: the same command with --apply" + (" --yes" if widens else "") + ".")
    if do_apply and counts.get("failed"):
        raise SystemExit(1)


def _list_widening(proposals, applying: bool) -> bool:
    """List the proposals that widen visibility; whether there are any."""
    widening = [(p, guide.widening(p)) for p in proposals]
    widening = [(p, what) for p, what in widening if what]
    if widening:
        click.echo(f"{len(widening)} entries {'become' if applying else 'would become'} "
                   "more visible:")
    for proposal, what in widening:
        click.echo(f"  {proposal.name} (private={proposal.private}, "
                   f"{proposal.current_mode or 'unclassified'} -> {proposal.new_mode}): "
                   f"{'; '.join(what)}")
    return bool(widening)


def _confirmed(yes: bool) -> bool:
    # Without a terminal (scripts, cron) nobody can answer: --yes or nothing.
    if yes:
        return True
    if not sys.stdin.isatty():
        return False
    return click.confirm("Write these changes?", default=False)


@classify.command("template")
@click.option("--output", "-o", "output", type=click.File("w", encoding="utf-8"), default="-",
              help="Where to write the CSV (default: standard output).")
def template(output):
    """Write a CSV template for the site's own mapping: one row per
    unclassified catalogue entry; fill in sharing_mode (open, default or
    special) and what that mode needs, then pass it to --csv."""
    rows = guide.write_template(output)
    if output.name != "<stdout>":
        click.echo(f"{rows} unclassified entries written to {output.name}. Fill in sharing_mode "
                   "(open, default or special); default needs shared_with (organisation names, "
                   "';'-separated, or all), special needs access_conditions and "
                   "approving_authority, open needs an open license_id; then run "
                   f"ckan thainguyen classify --csv {output.name}", err=True)


def classify_line(proposal, applied: bool) -> str:
    problems = "; ".join(f"{field}: {' '.join(msgs)} (fix: {guide.how_to_fix(field)})"
                         for field, msgs in sorted(proposal.problems.items()))
    private = "-" if proposal.private is None else str(proposal.private)
    new_private = "" if proposal.new_private is None else f" (private={proposal.new_private})"
    status = proposal.outcome.upper() if applied else ("OK" if proposal.ok else "INVALID")
    line = (f"{proposal.name}\tprivate={private}\t"
            f"{proposal.current_mode or '-'} -> {proposal.new_mode or '-'}{new_private}\t{status}")
    return f"{line}\t{problems}" if problems else line
