"""Visible English on a page: the messages of CKAN's and the extension's
catalogues that have no Vietnamese translation once CKAN has merged them.

CKAN (2.11 and 2.12, through flask-babel) loads its own catalogue first and
then each ITranslation plugin's, merging them with ``Translations.merge``
(a dict update): a msgid of the extension's catalogue replaces core's. The
effective translation of a msgid is therefore the extension's if it has one,
else core's. A message still without one is shown in English, and finding its
English text on a page means the page shows English to a Vietnamese reader.
"""
from __future__ import annotations

import functools
import html.parser
import os
import re

from babel.messages.pofile import read_po

from ckan.lib.i18n import get_ckan_i18n_dir

import ckanext.thainguyen.i18n as i18n_package

EXTENSION_PO = os.path.join(os.path.dirname(i18n_package.__file__), "vi", "LC_MESSAGES",
                            "ckanext-thainguyen.po")
CORE_PO = os.path.join(get_ckan_i18n_dir(), "vi", "LC_MESSAGES", "ckan.po")

# Messages that read the same in Vietnamese (names, formats, symbols).
SAME_IN_VIETNAMESE = {"API", "CKAN", "CSV", "JSON", "XLSX", "URL", "Email", "ID", "OK", "Markdown"}
# A placeholder of any of the styles CKAN's messages use: %(name)s, %s, %d, {name}, {0}.
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_0-9]*\}")
_TAG = re.compile(r"<[^>]+>")


def _read(path: str):
    with open(path, "rb") as f:
        return read_po(f, locale="vi")


def _ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple) else [message.id]


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


@functools.lru_cache(maxsize=None)
def _effective() -> dict[str, str]:
    """{msgid: its Vietnamese after the merge ('' if none)}."""
    effective: dict[str, str] = {}
    for catalogue in (_read(CORE_PO), _read(EXTENSION_PO)):
        for message in catalogue:
            if not message.id:
                continue
            for msgid, string in zip(_ids(message), _strings(message) * 2):
                if string or msgid not in effective:
                    effective[msgid] = string
    return effective


def _pattern(msgid: str) -> re.Pattern | None:
    # Markup splits a message into several texts on the page: its longest piece stands for it.
    text = max((" ".join(piece.split()) for piece in _TAG.split(msgid)), key=len)
    # A message with no English word in it cannot show English.
    if text in SAME_IN_VIETNAMESE or not re.search(r"[A-Za-z]{2}", _PLACEHOLDER.sub("", text)):
        return None
    pieces = [re.escape(piece) for piece in _PLACEHOLDER.split(text)]
    return re.compile(r"\s*" + r".+?".join(pieces) + r"\s*")


@functools.lru_cache(maxsize=None)
def untranslated() -> dict[str, re.Pattern]:
    """{msgid: pattern of its English text} for every message without a
    Vietnamese translation after the merge (extension over core)."""
    patterns = {msgid: _pattern(msgid) for msgid, string in _effective().items() if not string}
    return {msgid: pattern for msgid, pattern in patterns.items() if pattern}


@functools.lru_cache(maxsize=None)
def bypassed() -> dict[str, re.Pattern]:
    """{msgid: pattern} of the translated messages of three words or more:
    their English on a page means the text did not go through the catalogue
    in the reader's language (a title computed once, at start-up or indexing)."""
    patterns = {msgid: _pattern(msgid) for msgid, string in _effective().items()
                if string and string != msgid and len(msgid.split()) >= 3}
    return {msgid: pattern for msgid, pattern in patterns.items() if pattern}


_SKIPPED = {"script", "style", "template", "noscript", "svg"}
_SPOKEN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class _Text(html.parser.HTMLParser):
    """The texts a reader sees or hears: text nodes, the labels of buttons
    and fields, placeholders, titles and alternative texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        attributes = dict(attrs)
        for name in _SPOKEN_ATTRIBUTES:
            if attributes.get(name):
                self.chunks.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.chunks.append(attributes["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _SKIPPED:
            self.skipping -= 1

    def handle_endtag(self, tag):
        if tag in _SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.chunks.append(data)


def visible_texts(page: str) -> list[str]:
    parser = _Text()
    parser.feed(page)
    return [" ".join(chunk.split()) for chunk in parser.chunks]


def english_in(texts: list[str]) -> dict[str, str]:
    """{msgid: the text showing it} for every untranslated message shown,
    and every translated one shown whole in English (``bypassed``).

    A short message (one or two words) counts when it is a whole text, as a
    button or a label is; a longer one anywhere in a text."""
    found = {}
    for msgid, pattern in untranslated().items():
        whole_only = len(pattern.pattern.split()) < 3
        for text in texts:
            if pattern.fullmatch(text) or (not whole_only and pattern.search(text)):
                found[msgid] = text[:200]
                break
    for msgid, pattern in bypassed().items():
        for text in texts:
            if pattern.fullmatch(text):
                found[msgid] = text[:200]
                break
    return found


def english_on(page: str) -> dict[str, str]:
    return english_in(visible_texts(page))
