"""Following up the term's work: reminders of concern deadlines (in the app and by email),
follow-up (督办) of overdue concerns, and concerns cited as a proposal's evidence."""
