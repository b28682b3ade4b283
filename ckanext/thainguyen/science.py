"""Science-project funding records."""
from __future__ import annotations
