"""Roles, the one place for permissions, API tokens and the helpers views use to authorize."""
import enum
import hashlib
import secrets

from flask_babel import lazy_gettext as _l

from congress.core.errors import Forbidden
from congress.core.live import EVERYONE


class Role(str, enum.Enum):
    secretariat = "secretariat"
    chair = "chair"
    delegate = "delegate"
    committee = "committee"
    unit = "unit"
    observer = "observer"
    organiser = "organiser"

    @property
    def title(self):
        return ROLE_TITLES[self]


ROLE_TITLES = {
    Role.secretariat: _l("Secretariat"),
    Role.chair: _l("Chair"),
    Role.delegate: _l("Delegate"),
    Role.committee: _l("Proposal committee"),
    Role.unit: _l("Handling unit"),
    Role.observer: _l("Observer"),
    Role.organiser: _l("Organisation department"),
}

STAFF_ROLES = frozenset({Role.secretariat, Role.chair})


class Permissions:
    """Every `can_*` rule of the application, mixed into User.

    Pages, the API and templates all ask these methods; no view checks a role name itself.
    The secretariat may do everything the chair may.

    The organiser (组织部) reads and writes nothing of a meeting: it reads the meeting's
    overview, attendance (with the absentees and the delegate list: the term's record of who
    served), ballots and their results, the proposals' list, statistics and printed
    registers, the reports with every comment, the group progress, digest and resolutions,
    the debriefs' list, and the records centre's read-only documents, in its own organisation
    and every one below it (`reaches`). It never runs, edits, votes, checks in, prints login
    cards, downloads the archive or sees the projector (docs/decisions.md). Each such rule
    below says `self.reads_below` explicitly; every write rule stays role-by-role without it.
    """

    def has_role(self, *roles):
        return self.is_active and self.role in roles

    @property
    def is_staff(self):
        return self.has_role(*STAFF_ROLES)

    @property
    def reads_below(self):
        """The organiser: reads (never writes) the meetings of every organisation it reaches."""
        return self.has_role(Role.organiser)

    # organisations: every account acts inside its own; an organiser (组织部) also reads
    # everything below it. What a user cannot reach is not found (404), never forbidden.
    def reaches(self, organisation):
        """Whether objects of `organisation` exist for this user at all."""
        if not self.is_active or organisation is None:
            return False
        if organisation.id == self.organisation_id:
            return True
        return self.has_role(Role.organiser) and self.organisation.contains(organisation)

    def reaches_meeting(self, meeting):
        return self.reaches(meeting.organisation)

    def acts_in(self, organisation):
        """Whether the user acts (beyond reading) in `organisation`: their own only."""
        return self.is_active and organisation is not None \
            and organisation.id == self.organisation_id

    def can_view_organisation(self, organisation):
        """The organisation's page and record (its children, its congresses): every account
        that reaches it but a delegate's (a delegate has the tablet)."""
        return self.reaches(organisation) and not self.has_role(Role.delegate)

    # the term's follow-up (congress/followup): overdue concerns, 督办, what keeps coming back
    def can_view_overdue_concerns(self, organisation):
        """The overdue concerns (督办 list): the secretariat, and an organiser reading below."""
        return self.reaches(organisation) and self.has_role(Role.secretariat, Role.organiser)

    def can_follow_up_concerns(self, organisation):
        """Follow up (督办) an overdue concern: the organisation's own secretariat."""
        return self.has_role(Role.secretariat) and self.acts_in(organisation)

    def can_view_recurring_concerns(self, organisation):
        """Similar concerns grouped across studios (texts only, nothing personal): those who
        turn them into proposals or read the term's work."""
        return self.reaches(organisation) and self.has_role(
            Role.secretariat, Role.chair, Role.delegate, Role.committee, Role.organiser)

    def can_create_organisations(self):
        """The roles that create child organisations (where: can_manage_organisation)."""
        return self.has_role(Role.secretariat, Role.organiser)

    def can_manage_organisation(self, organisation):
        """Create child organisations of `organisation` and their first accounts: its
        secretariat or organiser, or those of any organisation above it (a secretariat
        creates below without reading below: reading there is the organiser's alone)."""
        if not self.can_create_organisations() or organisation is None:
            return False
        return self.organisation.contains(organisation)

    def can_create_users_in(self, organisation):
        """Accounts of the user's own organisation are the secretariat's; the first accounts
        of an organisation below come from its secretariat or organiser above."""
        if organisation is not None and organisation.id == self.organisation_id:
            return self.can_manage_users()
        return self.can_manage_organisation(organisation)

    def can_create_congress(self, organisation):
        """A new congress (term) of `organisation`: its own secretariat."""
        return self.has_role(Role.secretariat) and self.acts_in(organisation)

    def can_manage_congress(self, congress):
        """Delegates of the term: add, edit, terminate (the congress's own secretariat)."""
        return self.has_role(Role.secretariat) \
            and congress.organisation_id == self.organisation_id

    def can_view_congresses(self, organisation):
        """An organisation's congresses and their pages: its staff, and the organisers who
        reach it."""
        return self.reaches(organisation) and (self.is_staff or self.has_role(Role.organiser))

    def can_view_congress(self, congress):
        return self.can_view_congresses(congress.organisation)

    def can_view_delegate(self, delegate):
        """A delegate of the term's record and history: the staff and organisers who reach
        its congress, and the delegate themself."""
        if self.has_role(Role.delegate):
            return self.delegate is not None and self.delegate.id == delegate.id
        return self.can_view_congress(delegate.congress)

    # accounts and units
    def can_manage_users(self):
        return self.has_role(Role.secretariat)

    def can_view_audit(self):
        return self.has_role(Role.secretariat)

    # meetings
    def can_create_meeting(self):
        return self.has_role(Role.secretariat)

    def can_view_meeting(self, meeting):
        return self._may_see_meeting(meeting)

    def _may_see_meeting(self, meeting):
        """A delegate sees the meetings whose roster they are on; every other active account
        sees all it reaches (`meeting`: a Meeting, or anything with its organisation_id,
        congress_id and starts_on, such as a vote's target)."""
        if self.has_role(Role.delegate):
            return self.delegate is not None and self.delegate.on_roster_of(meeting)
        return self.is_active

    def can_edit_meeting(self, meeting):
        return self.has_role(Role.secretariat)

    def can_manage_roster(self, meeting):
        return self.has_role(Role.secretariat)

    def can_list_delegates(self, meeting):
        return self.is_staff or self.reads_below

    # attendance
    def can_view_attendance(self, meeting):
        return self.can_view_meeting(meeting)

    def can_view_absentees(self, meeting):
        return self.is_staff or self.reads_below

    def can_check_in_others(self, meeting):
        return self.has_role(Role.secretariat)

    def can_print_attendance(self, meeting):
        """The attendance sheet names the absentees, so it is for those who see them."""
        return self.can_view_absentees(meeting)

    def can_print_cards(self, meeting):
        """Printing login cards issues new PINs: the secretariat only, not the chair."""
        return self.has_role(Role.secretariat)

    def can_check_in_self(self, meeting):
        return self.has_role(Role.delegate) and self.can_view_meeting(meeting)

    # ballots
    def can_manage_ballots(self, meeting):
        """Create and delete ballots (the secretariat prepares them)."""
        return self.has_role(Role.secretariat)

    def can_run_ballots(self, meeting):
        """Open and close ballots and watch turnout and who has not voted."""
        return self.is_staff

    def can_view_ballot(self, ballot):
        return self._may_see_meeting(ballot.meeting)

    def can_vote_in(self, meeting):
        return self.has_role(Role.delegate) and self.can_view_meeting(meeting)

    def can_vote(self, ballot):
        return self.has_role(Role.delegate) and self._may_see_meeting(ballot.meeting)

    # debriefs and the question queue
    def can_manage_debriefs(self, meeting):
        """List debriefs, set them up, record answers and the leader's comment."""
        return self.has_role(Role.secretariat)

    def can_view_debriefs(self, meeting):
        return self.is_staff or self.reads_below

    def can_run_debriefs(self, meeting):
        """Move phases, run the countdown, admit, reject and reorder floor requests."""
        return self.is_staff

    def can_request_floor(self, meeting):
        return self.has_role(Role.delegate) and self._may_see_meeting(meeting)

    def can_view_queue(self, meeting):
        return self._may_see_meeting(meeting)

    def can_withdraw_request(self, request):
        return self.has_role(Role.delegate) and self.delegate is not None \
            and request.delegate_id == self.delegate.id

    # the projector and the live stream
    def can_view_projector(self, meeting):
        return self.has_role(Role.observer, Role.secretariat, Role.chair)

    def can_follow_events(self, meeting):
        return self._may_see_meeting(meeting)

    def organisation_stream_audiences(self, organisation):
        """Which of the organisation's live events this user's stream receives
        (core/live.receives), or None when the user may not follow it: every event for whoever
        reads its term work (its staff, the organisers who reach it); in the organisation
        itself, a handling unit's users those named for their unit and a delegate those named
        for them (the concerns referred to the unit, or taken by the delegate)."""
        if self.can_view_term_work(organisation):
            return EVERYONE
        if not self.acts_in(organisation):
            return None
        if self.has_role(Role.unit) and self.unit_id is not None:
            return frozenset({f"unit:{self.unit_id}"})
        if self.has_role(Role.delegate) and self.delegate is not None:
            return frozenset({f"delegate:{self.delegate.id}"})
        return None

    def can_follow_organisation_events(self, organisation):
        """Whether the user's pages of the organisation follow its stream (some of it)."""
        return self.organisation_stream_audiences(organisation) is not None

    # report review (听取和审议)
    def can_manage_reports(self, meeting):
        """Import, table and correct reports; group sessions, recorders, digest, resolutions."""
        return self.has_role(Role.secretariat)

    def can_read_reports(self, meeting):
        """Read tabled reports (drafts only with can_manage_reports)."""
        return self.can_view_meeting(meeting)

    def can_comment_on_reports(self, meeting):
        return self.has_role(Role.delegate) and self.can_view_meeting(meeting)

    def can_edit_comment(self, comment):
        return (self.has_role(Role.delegate) and self.delegate is not None
                and comment.delegate_id == self.delegate.id)

    def can_view_all_comments(self, meeting):
        return self.has_role(Role.secretariat) or self.reads_below

    def can_view_group_progress(self, meeting):
        return self.is_staff or self.reads_below

    def can_keep_group_record(self, session):
        """The group's recorder (a delegate the secretariat marks): notes, attendance, the
        group's comments."""
        return (self.has_role(Role.delegate) and self.delegate is not None
                and session.recorder_id == self.delegate.id)

    def can_view_group(self, session):
        return self.is_staff or self.reads_below or self.can_keep_group_record(session)

    def can_run_group_session(self, session):
        """Start and end a group session."""
        return self.has_role(Role.secretariat) or self.can_keep_group_record(session)

    # proposals (提案): the role-wide rules; who may act on one proposal (its sponsors, its
    # units) is asked of the proposal itself, and its state is checked by its services (409)
    def can_draft_proposals(self, meeting):
        return self.has_role(Role.delegate) and self.can_view_meeting(meeting)

    def can_list_proposals(self, meeting):
        return self.has_role(Role.committee, Role.secretariat, Role.chair) or self.reads_below

    def can_review_proposals(self, meeting):
        """Review (accept, reject, merge) and assign to handling units."""
        return self.has_role(Role.committee)

    def can_handle_proposals(self):
        return self.has_role(Role.unit) and self.unit_id is not None

    def can_follow_up_proposals(self, meeting):
        """The follow-up list (督办), statistics and the printed records."""
        return self.can_list_proposals(meeting)

    def can_print_unit_notice(self, unit):
        return self.has_role(Role.committee, Role.secretariat, Role.chair) \
            or self.reads_below or (self.has_role(Role.unit) and self.unit_id == unit.id)

    # the printed record
    def can_view_records(self, meeting):
        """The records centre: print the minutes, the attendance sheet and the other records."""
        return self.is_staff or self.reads_below

    def can_keep_minutes(self, meeting):
        """Write the minutes' own text and finalise versions."""
        return self.has_role(Role.secretariat)

    def can_download_archive(self, meeting):
        return self.has_role(Role.secretariat)

    # term work: groups, activities, contacts, the ledger, the term statistics
    def can_manage_term_work(self, organisation):
        """Record activities, set the yearly requirements, form groups: its own secretariat."""
        return self.has_role(Role.secretariat) and self.acts_in(organisation)

    def can_view_term_work(self, organisation):
        """An organisation's activities, ledgers and term statistics: its staff, and the
        organisers who reach it (the statistics take everything below it)."""
        return self.reaches(organisation) and (self.is_staff or self.reads_below)

    def can_view_ledger(self, delegate):
        """A delegate's ledger (履职档案): the delegate themself, their organisation's staff
        and the organisers above (as the delegate's own record)."""
        return self.can_view_delegate(delegate)

    def can_keep_contacts(self):
        """A delegate's own contact list (联系党员群众), kept on the tablet."""
        return self.has_role(Role.delegate) and self.delegate is not None

    def can_see_contact_phone(self, contact):
        """A contact's phone (personal data): the delegate who keeps it and their
        organisation's secretariat."""
        if self.has_role(Role.delegate):
            return self.delegate is not None and self.delegate.id == contact.delegate_id
        return self.has_role(Role.secretariat) \
            and contact.delegate.congress.organisation_id == self.organisation_id


def new_token():
    """A bearer token (shown once) and the hash we store."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token):
    # Tokens carry 256 bits of randomness; a fast hash is enough to make a stolen table useless.
    return hashlib.sha256(token.encode()).hexdigest()


def authorize(allowed):
    """403 unless allowed: the one refusal of both doors (a page shows it, the API answers
    {"error": {"code": "forbidden"}}); called right after loading what is acted on."""
    if not allowed:
        raise Forbidden(_l("Your role may not do this."))
