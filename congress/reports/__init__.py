"""Report review (听取和审议): tabled reports, review comments, group sessions, digest,
resolutions."""
