"""Secret rating (测评) and motion (表决) ballots: open/close, casting, results, receipts."""
