"""Floor requests during a debrief's questions step: request, withdraw, admit, reject, answer."""
