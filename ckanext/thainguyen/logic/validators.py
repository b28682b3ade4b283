"""Validators registered with CKAN (``thainguyen_`` prefix)."""
from __future__ import annotations
