"""The annual session: meeting data, agenda, runtime settings, check-in and quorum."""
