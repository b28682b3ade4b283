"""Translations (gettext catalogues), shipped as package data."""
