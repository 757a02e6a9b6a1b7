"""The printed record of a meeting: minutes, attendance sheets, login cards, the archive."""
