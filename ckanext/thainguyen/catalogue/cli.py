"""``ckan thainguyen classify``: sharing modes for datasets made before the extension;
``ckan thainguyen catalogue``: the catalogue as spreadsheets (import, export, template)."""
from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, Optional

import click

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.catalogue import classify as classifier
from ckanext.thainguyen.catalogue import classify_guide as guide
from ckanext.thainguyen.catalogue.spreadsheet import columns as sheet_columns
from ckanext.thainguyen.catalogue.spreadsheet import importing, reading, writing
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


# ---------------------------------------------------------------- ckan thainguyen catalogue

@contextlib.contextmanager
def _language(lang: Optional[str]):
    """Messages and labels in ``lang`` (``ckan.locale_default`` if not given):
    CKAN's ``_`` reads the language of the current request."""
    lang = lang or tk.config.get("ckan.locale_default") or "vi"
    app = click.get_current_context().meta.get("flask_app")
    if app is None:
        yield
        return
    with app.test_request_context(environ_overrides={"CKAN_LANG": lang}):
        yield


def _lang_option(f):
    return click.option("--lang", help="Language of the messages, headers and labels "
                                       "(vi or en; default: ckan.locale_default).")(f)


def _file_options(f):
    f = click.option("--header", type=click.Choice([sheet_columns.HEADER_CODES, sheet_columns.HEADER_LABELS]),
                     default=sheet_columns.HEADER_CODES, show_default=True,
                     help="Name the columns by field name (codes) or by label, the "
                          "choices then by label too.")(f)
    f = click.option("--format", "fmt", type=click.Choice(sheet_columns.FORMATS),
                     help="File format (default: from the output's extension, else xlsx).")(f)
    f = click.option("--output", "-o", "output", type=click.File("wb"), default="-",
                     help="Where to write the file (default: standard output).")(f)
    return _lang_option(f)


def _format_of(fmt: Optional[str], output) -> str:
    if fmt:
        return fmt
    ext = os.path.splitext(getattr(output, "name", "") or "")[1].lower().lstrip(".")
    return ext if ext in sheet_columns.FORMATS else "xlsx"


def _context(user_name: Optional[str]) -> dict[str, Any]:
    if not user_name:
        return {"user": site_context()["user"]}
    if model.User.get(user_name) is None:
        raise click.ClickException(tk._("No user is called {name}").format(name=user_name))
    return {"user": user_name}


@click.group("catalogue")
def catalogue():
    """Catalogue entries as spreadsheets (CSV or XLSX): import, export, template."""


def _outcome_text(outcome: str) -> str:
    return {
        "created": tk._("created"), "updated": tk._("updated"), "unchanged": tk._("unchanged"),
        "invalid": tk._("invalid"), "failed": tk._("not written (refused)"),
        "not-written": tk._("not written"), "create": tk._("would be created"),
        "update": tk._("would be updated"), "planned": tk._("not written"),
    }.get(outcome, outcome)


@catalogue.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--partial", is_flag=True,
              help="Write the valid rows even when other rows have errors.")
@click.option("--dry-run", "dry_run", is_flag=True, help="Check every row, write nothing.")
@click.option("--user", "user_name",
              help="Write as this user, with their permissions (default: the site user).")
@_lang_option
def import_entries(path, partial, dry_run, user_name, lang):
    """Create or update catalogue entries from a CSV or XLSX file.

    One row per entry, found by its catalogue code; columns named by field
    name or label ('ckan thainguyen catalogue template' writes a file to fill
    in). Every row is checked first, as the form checks it; by default
    nothing is written when any row has errors (--partial writes the others).
    An entry that would not change is left as it is.
    """
    with _language(lang):
        column_list = sheet_columns.columns()
        try:
            sheet = reading.read(path, column_list)
        except reading.SpreadsheetError as e:
            raise click.ClickException(str(e))
        importer = importing.Importer(_context(user_name), sheet, column_list)

        def bar(label):
            return lambda items: click.progressbar(items, label=label, file=sys.stderr)

        results = importer.validate(bar(tk._("Checking rows")))
        bad = [r for r in results if not r.ok]
        for result in bad:
            for field, message in result.errors:
                if field:
                    click.echo(tk._("Row {row}, column {column}: {message}").format(
                        row=result.number, column=sheet_columns.column_title(sheet.headers, column_list, field),
                        message=message))
                else:
                    click.echo(tk._("Row {row}: {message}").format(row=result.number, message=message))
        write = not dry_run and (partial or not bad)
        if write:
            importer.write(bar(tk._("Writing entries")))
        for result in results:
            if result.ok:
                outcome = result.outcome if write else (result.will if result.will != "unchanged"
                                                         else "unchanged")
                click.echo(tk._("Row {row} ({code}): {outcome}").format(
                    row=result.number, code=result.code, outcome=_outcome_text(outcome)))
        counts: dict[str, int] = {}
        for result in results:
            outcome = result.outcome if write or not result.ok else (
                result.will if result.will != "unchanged" else "unchanged")
            counts[outcome] = counts.get(outcome, 0) + 1
        click.echo(", ".join(f"{_outcome_text(k)}: {v}" for k, v in sorted(counts.items()))
                   or tk._("The file has no rows."))
        if bad and not write and not dry_run:
            click.echo(tk._("Nothing written: {n} rows have errors. Correct them, or add "
                            "--partial to write the other rows.").format(n=len(bad)))
        if bad or any(r.outcome == "failed" for r in results):
            raise SystemExit(1)


@catalogue.command("export")
@_file_options
@click.option("--user", "user_name",
              help="Export what this user may see (default: the site user, everything).")
def export_entries(output, fmt, header, lang, user_name):
    """Write every catalogue entry with a code as a file that 'import' reads back."""
    with _language(lang):
        column_list = sheet_columns.columns()
        lookups = sheet_columns.Lookups()
        labels = header == sheet_columns.HEADER_LABELS
        rows = [sheet_columns.row_cells(column_list, pkg, lookups, labels)
                for pkg in writing.entries(_context(user_name))]
        output.write(writing.write(column_list, rows, _format_of(fmt, output), labels, lookups))
        if output.name != "<stdout>":
            click.echo(tk._("{n} entries written to {path}").format(n=len(rows), path=output.name),
                       err=True)


@catalogue.command("template")
@_file_options
def template_file(output, fmt, header, lang):
    """Write an empty catalogue to fill in: the columns, drop-down lists of
    the allowed values (XLSX) and one example row to replace."""
    with _language(lang):
        column_list = sheet_columns.columns()
        lookups = sheet_columns.Lookups()
        labels = header == sheet_columns.HEADER_LABELS
        example = writing.example_row(lookups)
        if labels:
            example = sheet_columns.label_cells(column_list, example)
        output.write(writing.write(column_list, [example], _format_of(fmt, output), labels, lookups))
        if output.name != "<stdout>":
            click.echo(tk._("Template written to {path}: replace the example row with the "
                            "catalogue's entries, then run ckan thainguyen catalogue import "
                            "{path}").format(path=output.name), err=True)
