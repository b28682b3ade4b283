"""Text for people: URL names from Vietnamese, labels in the UI language."""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Callable

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from babel.support import NullTranslations, Translations


def ascii_slug(text: str) -> str:
    """Lowercase ASCII words joined by '-': 'Đất đai Thái Nguyên' -> 'dat-dai-thai-nguyen'.

    Đ/đ has no decomposition in Unicode, so NFKD alone would drop it.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def language_text(label: Any) -> str:
    """A ``{"vi": ..., "en": ...}`` label in the UI language (a plain string as is)."""
    if not isinstance(label, dict):
        return str(label)
    try:
        lang = tk.h.lang()
    except Exception:  # outside a request
        lang = None
    lang = lang or tk.config.get("ckan.locale_default") or "vi"
    return label.get(lang) or label.get("vi") or label.get("en") or next(iter(label.values()), "")


def option(value: Any, label: Any) -> dict[str, Any]:
    """One choice of a select, in the one shape every select of the extension
    reads: CKAN's ``form.select`` macro shows ``text``, scheming's select
    snippets and ``choices_helper`` callers show ``label``. A helper that gave
    only one of them made the other show the raw codes."""
    label = language_text(label)
    return {"value": value, "label": label, "text": label}


@functools.lru_cache(maxsize=None)
def _catalogue(locale: str) -> NullTranslations:
    plugin = p.get_plugin("thainguyen")
    return Translations.load(plugin.i18n_directory(), [locale], domain=plugin.i18n_domain())


def site_gettext() -> Callable[[str], str]:
    """``gettext`` of the extension's catalogue in ``ckan.locale_default``, for
    text written outside a web request (a background job has no request
    locale, and CKAN's ``_`` then returns the English)."""
    return _catalogue(tk.config.get("ckan.locale_default") or "en").gettext


def schema_choices(dataset_type: str, field_name: str) -> list[dict[str, str]]:
    """The choices of a select field of a scheming schema, labels in the UI language."""
    try:
        schema = tk.h.scheming_get_dataset_schema(dataset_type) or {}
    except Exception:  # no request or scheming not loaded: no labels
        return []
    for field in schema.get("dataset_fields", []):
        if field["field_name"] == field_name:
            return [option(c["value"], c["label"]) for c in field.get("choices", [])]
    return []


def choice_label(dataset_type: str, field_name: str, value: Any) -> Any:
    """The label of ``value`` in a select field, or the value itself."""
    for choice in schema_choices(dataset_type, field_name):
        if choice["value"] == value:
            return choice["label"]
    return value


def translate_license_title(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """The entry's licence title in the reader's language, for the pages.

    CKAN's licence register builds its titles once, at start-up, outside any
    request, so ``license_title`` is always the English; the titles are
    messages of CKAN's catalogue (the extension's translates them), so the
    reader's catalogue gives them back in the reader's language.
    """
    title = pkg_dict.get("license_title")
    if title:
        pkg_dict["license_title"] = tk._(title)
    return pkg_dict


def group_thousands(amount: int) -> str:
    """``54000000000`` -> ``54.000.000.000`` (Vietnamese grouping)."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", ".")


# What a spreadsheet takes for the start of a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet shows as typed, never runs: formula-like
    text gets a leading apostrophe; numbers and other values pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
