"""Term work: delegate groups, activities, contacts, the ledger (履职档案) and the term
statistics."""
