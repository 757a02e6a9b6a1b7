"""Users, delegates, delegations and handling units; roster import and export."""
