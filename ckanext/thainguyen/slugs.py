"""URL names from Vietnamese text."""
from __future__ import annotations

import re
import unicodedata


def ascii_slug(text: str) -> str:
    """Lowercase ASCII words joined by '-': 'Đất đai Thái Nguyên' -> 'dat-dai-thai-nguyen'.

    Đ/đ has no decomposition in Unicode, so NFKD alone would drop it.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
