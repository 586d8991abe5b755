"""Audit: every insert, update and delete made through the app, with field-level old and new values."""
