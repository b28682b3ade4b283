"""What the contest's actions share: looking records up and refusing a step."""
from __future__ import annotations

from typing import Any, NoReturn

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.thainguyen.contest import rules
from ckanext.thainguyen.contest.model import ContestEdition, ContestEntry
from ckanext.thainguyen.core.dates import utc_iso


def edition_or_404(id_or_name: Any) -> ContestEdition:
    edition = rules.get_edition(id_or_name)
    if edition is None:
        raise tk.ObjectNotFound(tk._("Contest edition not found"))
    return edition


def entry_or_404(id_or_name: Any) -> tuple[model.Package, ContestEntry]:
    pkg = rules.get_entry_package(id_or_name)
    state = rules.get_entry_state(pkg.id) if pkg else None
    if pkg is None or state is None:
        raise tk.ObjectNotFound(tk._("Contest entry not found"))
    return pkg, state


def entry_in_edition_or_404(id_or_name: Any) -> tuple[model.Package, ContestEntry, ContestEdition]:
    """An entry, its workflow state and its edition: what every workflow step reads."""
    pkg, state = entry_or_404(id_or_name)
    return pkg, state, model.Session.query(ContestEdition).get(state.edition_id)


def iso(value: Any) -> Any:
    """A stored moment for the API: UTC, with its ``Z`` (see ``core.dates``)."""
    return utc_iso(value)


def refuse(msg: str) -> NoReturn:
    """An illegal workflow step: a ValidationError on ``status``."""
    raise tk.ValidationError({"status": [msg]})


def check_prize_free(edition: ContestEdition, pkg: model.Package, prize: str) -> None:
    """Refuse ``prize`` for ``pkg`` when the edition's prizes of that level
    are all awarded to other entries (a ValidationError on ``prize``)."""
    limit = {p["level"]: p["count"] for p in edition.prizes}.get(prize, 0)
    taken = model.Session.query(ContestEntry).filter(
        ContestEntry.edition_id == edition.id, ContestEntry.prize == prize,
        ContestEntry.package_id != pkg.id).count()
    if taken >= limit:
        raise tk.ValidationError({"prize": [
            tk._("This edition has %(limit)s %(prize)s, all already awarded") % {
                "limit": limit, "prize": rules.prize_label(prize)}]})
