"""Classification: when a record type's own rules start to apply to a dataset.

A ckanext-scheming schema names the field that classifies its datasets
(``thainguyen_classified_by: sharing_mode``). Until that field has a value,
a dataset is the site's own (made before the extension, or by a harvester
or script that knows nothing of it) and is written as CKAN writes it: none
of the record type's fields is required and none of its rules runs. From the
write that sets the field on, and on every later write, the fields marked
``thainguyen_required_once_classified`` are required, the classifying field
included, so a classified dataset cannot fall back to unclassified.

Schemas without the marker are classified from the start (contest and
science records are created by the extension itself).
"""
from __future__ import annotations

from typing import Any, Optional

from ckan import model

from ckanext.thainguyen.core.storable import blank, lookup_key

CLASSIFIED_BY_KEY = "thainguyen_classified_by"


def classifying_field(schema: Optional[dict[str, Any]]) -> Optional[str]:
    return (schema or {}).get(CLASSIFIED_BY_KEY)


def stored_package(data: dict[Any, Any], context: Any) -> Optional[model.Package]:
    """The dataset being written, as stored before this write (None when new)."""
    package = context.get("package")
    if isinstance(package, model.Package):
        return package
    for key in (("id",), ("name",)):
        ref = lookup_key(data.get(key))
        if ref:
            existing = model.Package.get(ref)
            if existing is not None:
                return existing
    return None


def is_classified(data: dict[Any, Any], schema: Optional[dict[str, Any]], context: Any) -> bool:
    """Whether the record type's rules apply to this write of a dataset.

    ``data`` is navl's flattened dict: keys are tuples.
    """
    field = classifying_field(schema)
    if field is None:
        return True
    if not blank(data.get((field,))):
        return True
    package = stored_package(data, context)
    return package is not None and not blank((package.extras or {}).get(field))

