"""The printed records of a meeting: attendance sheet, login cards, and later the minutes."""
