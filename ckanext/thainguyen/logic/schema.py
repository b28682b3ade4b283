"""Validation schemas for the extension's own actions."""
from __future__ import annotations
