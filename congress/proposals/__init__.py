"""Proposals (提案): drafting, signatures, filing, review, assignment, replies, feedback,
follow-up, statistics and the printed records."""
