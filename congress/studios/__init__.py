"""Delegate studios (党代表工作室), their duty rosters (值班表) and the residents' concerns
(民情诉求) received there or through the public page (有事找代表)."""
