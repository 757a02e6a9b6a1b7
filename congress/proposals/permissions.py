"""Who may act on one proposal, asked of the proposal by both doors and the templates
(`proposal.can_sign(current_user)`). The role-wide rules (who drafts, lists, reviews, handles)
stay generic on the user (core/auth.py); these need the proposal's signers and assignments."""
from congress.core.auth import Role


class ProposalPermissions:
    """Mixed into Proposal: every method takes the acting user."""

    def signer_of(self, user):
        """The user's own signer row (lead or invited co-signer), if the user is a delegate."""
        if not user.has_role(Role.delegate) or user.delegate is None:
            return None
        return self.signer_for(user.delegate)

    def is_led_by(self, user):
        signer = self.signer_of(user)
        return signer is not None and signer.is_lead

    def _unit_assignments(self, user, current=False):
        """The user's unit's assignments of this proposal that were not returned."""
        if not user.can_handle_proposals():
            return []
        rows = self.current_assignments if current else self.assignments
        return [a for a in rows if a.unit_id == user.unit_id and a.return_reason is None]

    def can_view(self, user):
        if user.has_role(Role.delegate):  # its sponsors, and those of proposals merged into it
            return any(p.signer_of(user) is not None for p in [self, *self.merged])
        if user.has_role(Role.unit):  # only what was assigned to one's own unit
            return bool(self._unit_assignments(user))
        return user.can_list_proposals(self.meeting) and self.submitted_at is not None

    def can_edit(self, user):
        """Edit the draft, invite co-signers, file, file as a suggestion, withdraw."""
        return self.is_led_by(user)

    def can_sign(self, user):
        """Co-sign or decline: an invited co-signer."""
        signer = self.signer_of(user)
        return signer is not None and not signer.is_lead

    def can_reply(self, user):
        return any(a.is_lead for a in self._unit_assignments(user, current=True))

    def can_send_opinion(self, user):
        return any(not a.is_lead for a in self._unit_assignments(user, current=True))

    def can_return(self, user):
        return bool(self._unit_assignments(user, current=True))

    def can_rate(self, user):
        return self.is_led_by(user)

    def can_print_notice(self, user):
        """The assignment notice (交办单): the committee and staff, and the units assigned."""
        return user.can_list_proposals(self.meeting) or bool(self._unit_assignments(user))
