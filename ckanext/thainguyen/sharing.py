"""Sharing modes of catalogue entries (open, default, special) and their enforcement."""
from __future__ import annotations
