"""Browsing the audit trail (the entries themselves are written by core.audit.record)."""
