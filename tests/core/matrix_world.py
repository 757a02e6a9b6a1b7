"""The permission matrix's world, built through the real services: `base` always, the other
parts when a row names them. Every id a row's URL needs lands in `w.ids`."""
from datetime import datetime, time, timedelta

from congress.extensions import db
from tests.helpers import bearer, token_for
from tests.proposals.conftest import GOOD

MEETING_TITLE = "权限矩阵年会"


def base(w):
    """The meeting (3 signers to file a proposal), a meeting of someone else, one account of
    each role, the delegate (of 瑶海区代表团) with three checked-in colleagues, a delegate
    nobody has checked in yet, and a delegate of the other meeting (the outsider)."""
    make = w.make
    mid = make.meeting(title=MEETING_TITLE, min_signers=3)
    other = make.meeting(title="别处的年会")
    unit_id, unit2_id = make.unit("市住房和城乡建设局"), make.unit("市财政局")
    w.accounts = {role: make.user(role) for role in ("secretariat", "chair", "committee",
                                                     "observer")}
    w.accounts["unit"] = make.user("unit", unit_id=unit_id)
    w.accounts["delegate"] = make.delegate(mid, name="张代表")
    w.accounts["outsider"] = make.delegate(other, name="别处代表")
    w.colleagues = make.delegates(mid, 3)
    target = make.delegate(mid, name="被签到代表", delegation="庐阳区代表团")
    for account in [w.accounts["delegate"], *w.colleagues]:
        make.check_in(account)
    from congress.core.projector import projector_key
    from congress.meetings.models import Meeting

    with w.app.app_context():
        meeting = db.session.get(Meeting, mid)
        w.ids.update(mid=mid, other=other, uid=unit_id, uid2=unit2_id,
                     did=target.delegate_id, target_user=target.id,
                     user_id=w.accounts["chair"].id, me=w.accounts["delegate"].delegate_id,
                     gid=_delegate(w, "delegate").delegation_id, pkey=projector_key(meeting),
                     other_pkey=projector_key(db.session.get(Meeting, other)),
                     chair_name=w.accounts["chair"].username, target_name=target.username,
                     c1=w.colleagues[0].delegate_id, c1_name=w.colleagues[0].name,
                     congress=meeting.congress_id)
        db.session.commit()


def _api(w, account, method, url, json=None, status=201):
    """A call through the JSON API (its paths are a contract, where modules may move)."""
    client = w.app.test_client()
    response = client.open(url, method=method, json=json,
                           headers=bearer(token_for(client, account)))
    assert response.status_code == status, response.get_json()
    return response.get_json()


def _delegate(w, role_or_account):
    from congress.people.models import Delegate

    account = (w.accounts[role_or_account] if isinstance(role_or_account, str)
               else role_or_account)
    return db.session.get(Delegate, account.delegate_id)


def _user(w, role):
    from congress.people.models import User

    return db.session.get(User, w.accounts[role].id)


def _meeting(w):
    from congress.meetings.models import Meeting

    return db.session.get(Meeting, w.ids["mid"])


def agenda(w):
    from congress.meetings.services import add_agenda_item

    with w.app.app_context():
        item = add_agenda_item(None, _meeting(w), kind="debrief", title="述职评议议程")
        add_agenda_item(None, _meeting(w), kind="debrief", title="第二项议程")
        db.session.commit()
        w.ids["item"] = item.id


def ballots(w):
    """A draft, an open and a closed ballot (one colleague voted before it closed)."""
    from congress.ballots import services

    with w.app.app_context():
        meeting = _meeting(w)
        made = {}
        titles = (("draft", "草稿表决"), ("open", "进行中表决"), ("closed", "已结束表决"))
        for name, title in titles:
            made[name] = services.create_ballot(None, meeting, title=title, kind="motion",
                                                subjects=[f"{title}事项"])
        services.open_ballot(None, made["open"])
        services.open_ballot(None, made["closed"])
        db.session.commit()
        closed = made["closed"]
        choice = {str(closed.subjects[0].id): closed.options[0].id}
        _api(w, w.colleagues[0], "POST", f"/api/v1/ballots/{closed.id}/votes",
             {"choices": choice})
        services.close_ballot(None, closed)
        db.session.commit()
        opened = made["open"]
        w.ids.update(bid_draft=made["draft"].id, bid_open=opened.id, bid_closed=closed.id,
                     subject=opened.subjects[0].id, option=opened.options[0].id)


def paper(w):
    """A paper ballot issued in the open ballot to the second colleague (parts: ballots)."""
    from congress.ballots import paper as papers
    from congress.ballots.models import Ballot

    with w.app.app_context():
        papers.issue_paper(None, db.session.get(Ballot, w.ids["bid_open"]),
                           _delegate(w, w.colleagues[1]))
        db.session.commit()


def election(w):
    """A closed election nobody voted in: its seat is left open, a further round needed."""
    from congress.ballots import services

    with w.app.app_context():
        ballot = services.create_ballot(None, _meeting(w), title="补选表决", kind="election",
                                        subjects=["王候选", "李候选"], seats=1)
        services.open_ballot(None, ballot)
        services.close_ballot(None, ballot)
        db.session.commit()
        w.ids["bid_election"] = ballot.id


def debrief(w):
    """A debrief taking questions, with a colleague's question waiting."""
    secretariat, chair = w.accounts["secretariat"], w.accounts["chair"]
    debrief = _api(w, secretariat, "POST", f"/api/v1/meetings/{w.ids['mid']}/debriefs",
                   {"reporter_name": "郭书记", "reporter_title": "瑶海区委书记"})
    for phase in ("report", "questions"):
        _api(w, chair, "POST", f"/api/v1/debriefs/{debrief['id']}/phase", {"phase": phase}, 200)
    request = _api(w, w.colleagues[0], "POST", f"/api/v1/queues/{debrief['queue_id']}/requests",
                   {"kind": "question", "text": "同事的问题"})
    w.ids.update(dbid=debrief["id"], qid=debrief["queue_id"], rq=request["id"])


def my_request(w):
    """The delegate's own question waiting in the debrief's queue."""
    request = _api(w, w.accounts["delegate"], "POST", f"/api/v1/queues/{w.ids['qid']}/requests",
                   {"kind": "question", "text": "我的问题"})
    w.ids["mine"] = request["id"]


def reports(w):
    """A report with tabled version 1 and draft version 2, the delegate's comment, the
    delegate as the recorder of their group, the digest and a draft resolution."""
    from congress.reports import digest, groups, resolutions, services

    with w.app.app_context():
        actor, meeting = _user(w, "secretariat"), _meeting(w)
        report = services.create_report(actor, meeting, kind="party_committee",
                                        title="市委工作报告", filename="r.md",
                                        data="第一段报告。\n\n第二段报告。".encode())
        services.table_version(actor, report.versions[0])
        services.import_version(actor, report, filename="r2.md", data="更正。".encode(),
                                note="更正")
        delegate = _delegate(w, "delegate")
        groups.set_recorder(actor, meeting, delegate.delegation, delegate)
        comment = services.add_comment(delegate.user, delegate, report, text="代表的意见。")
        colleague = _delegate(w, w.colleagues[0])
        services.add_comment(colleague.user, colleague, report, text="同事的意见。")
        digest.compile_digest(actor, meeting)
        resolution = resolutions.draft_resolution(actor, meeting, title="关于报告的决议",
                                                  text="同意。", reports=[report])
        first, second = db.session.scalars(db.select(digest.DigestItem)
                                           .order_by(digest.DigestItem.id)).all()
        db.session.commit()
        w.ids.update(rid=report.id, cid=comment.id, iid=first.id, iid2=second.id,
                     rsid=resolution.id)


def merged_digest(w):
    """The digest's two entries merged into the first."""
    from congress.reports import digest

    with w.app.app_context():
        items = [db.session.get(digest.DigestItem, w.ids[k]) for k in ("iid", "iid2")]
        digest.merge_items(_user(w, "secretariat"), items)
        db.session.commit()


def group_ended(w):
    from congress.people.models import Delegation
    from congress.reports import groups

    with w.app.app_context():
        session = groups.session_for(_meeting(w), db.session.get(Delegation, w.ids["gid"]),
                                     create=True)
        groups.change_status(None, session, "start")
        groups.change_status(None, session, "end")
        db.session.commit()


def resolution_vote(w):
    """The resolution put to the vote: its motion ballot prepared, not open yet."""
    from congress.reports import resolutions
    from congress.reports.models import Resolution

    with w.app.app_context():
        resolutions.put_to_vote(None, db.session.get(Resolution, w.ids["rsid"]))
        db.session.commit()


def proposals(w):
    """Proposals of the delegate in every state a route acts on: a draft (a colleague
    invited), a colleague's draft the delegate is invited to sign, a signed draft ready to
    file, a submitted one, an accepted one, one assigned to the unit account's unit as lead
    (another unit assisting, due in three days), one where that unit only assists, and one
    replied."""
    from congress.proposals import handling as h, services as p

    with w.app.app_context():
        meeting, lead = _meeting(w), _delegate(w, "delegate")
        committee, unit_user = _user(w, "committee"), _user(w, "unit")
        colleagues = [_delegate(w, a) for a in w.colleagues]
        from congress.people.models import HandlingUnit

        unit, unit2 = (db.session.get(HandlingUnit, w.ids[k]) for k in ("uid", "uid2"))

        def signed(title, lead=lead, signers=colleagues[:2]):
            proposal = p.create_draft(lead.user, meeting, **(GOOD | {"title": title}))
            for signer in signers:
                p.invite(lead.user, proposal, signer)
                p.sign(signer.user, proposal)
            return proposal

        draft = p.create_draft(lead.user, meeting, **(GOOD | {"title": "关于草稿的提案"}))
        p.invite(lead.user, draft, colleagues[2])
        invited = p.create_draft(colleagues[0].user, meeting,
                                 **(GOOD | {"title": "关于邀请联名的提案"}))
        p.invite(colleagues[0].user, invited, lead)
        ready = signed("关于可以提交的提案")
        states = {}
        for name in ("submitted", "accepted", "assigned", "assisting", "replied"):
            states[name] = signed(f"关于{name}的提案")
            p.submit(lead.user, states[name])
            if name != "submitted":
                h.review(committee, states[name], "accept", reason="同意立案")
        due_soon = p.local_today() + timedelta(days=3)  # on the follow-up list (督办)
        h.assign(committee, states["assigned"], unit, [unit2], due_soon)
        h.assign(committee, states["assisting"], unit2, [unit])
        h.assign(committee, states["replied"], unit, [])
        h.reply(unit_user, states["replied"], "B", "已列入计划。")
        db.session.commit()
        w.ids.update(pid=draft.id, pinv=invited.id, pready=ready.id, psub=states["submitted"].id,
                     pacc=states["accepted"].id, pasg=states["assigned"].id,
                     passist=states["assisting"].id, prep=states["replied"].id)


def records(w):
    """A saved minutes section, the minutes finalised once, and an archive job queued by the
    secretariat."""
    from congress.records import jobs, services

    with w.app.app_context():
        actor, meeting = _user(w, "secretariat"), _meeting(w)
        section = services.add_section(actor, meeting, heading="补充事项", body="会议补充说明。",
                                       placement="closing")
        services.finalise_minutes(actor, meeting)
        job = jobs.enqueue_archive(actor, meeting)
        db.session.commit()
        w.ids.update(sid=section.id, jid=job.id)


def organisation_job(w):
    """The organisation's register of concerns queued by its secretariat (a job of the
    organisation, not of a meeting; after the part "organisation")."""
    from congress.studios.jobs import enqueue_register

    with w.app.app_context():
        job = enqueue_register(_user(w, "secretariat"), _meeting(w).organisation, False)
        db.session.commit()
        w.ids.update(ojid=job.id)


def roster(w):
    from congress.people import roster as r

    with w.app.app_context():
        upload = r.upload_roster(None, _meeting(w), "roster.csv",
                                 "姓名,代表团\n新来的代表,瑶海区代表团\n".encode())
        db.session.commit()
        w.ids["import"] = upload.id


def speaker(w):
    """The colleague's question admitted: on the floor, its countdown running."""
    _api(w, w.accounts["chair"], "POST", f"/api/v1/queues/{w.ids['qid']}/next", status=200)


def commenting(w):
    """The debrief moved on to the leader's comment."""
    _api(w, w.accounts["chair"], "POST", f"/api/v1/debriefs/{w.ids['dbid']}/phase",
         {"phase": "comment"}, 200)


def job_done(w):
    """The secretariat's archive job run, as a worker would."""
    from tests.helpers import run_queued_jobs

    assert run_queued_jobs(w.app) == 1


def draft_report(w):
    """A report imported and not tabled: the secretariat's preview, hidden from the rest."""
    from congress.reports import services

    with w.app.app_context():
        report = services.create_report(_user(w, "secretariat"), _meeting(w),
                                        kind="party_committee", title="未提交的报告",
                                        filename="d.md", data="草稿正文。".encode())
        db.session.commit()
        w.ids["rid_draft"] = report.id


def organisation(w):
    """The meeting's organisation (where every account of the world is), its congress, and
    a child organisation below it."""
    from congress.organisations.services import create_organisation

    with w.app.app_context():
        meeting = _meeting(w)
        child = create_organisation(None, name="矩阵下级党委", parent=meeting.organisation)
        db.session.commit()
        w.ids.update(oid=meeting.organisation_id, child_oid=child.id,
                     congress=meeting.congress_id, org_name=meeting.organisation.name,
                     congress_title=meeting.congress.title)


def followup(w):
    """The term's follow-up (congress/followup): a studio of the meeting's organisation, a
    concern the delegate took and referred to the unit account's unit, its reply overdue, its
    reminders made (one is the secretariat's: `nid`), and a draft of the delegate's to cite it
    in (`pid`, from the proposals part)."""
    from congress.core.notifications import Notification
    from congress.core.time import local_today
    from congress.followup.reminders import find_due_reminders
    from congress.people.models import HandlingUnit
    from congress.studios import services as studios

    proposals(w)
    with w.app.app_context():
        meeting = _meeting(w)
        studio = studios.create_studio(None, meeting.organisation, name="矩阵代表工作室")
        concern = studios.take_concern(None, studio, channel="reception",
                                       text="矩阵小区楼梯湿滑", taken_by=_delegate(w, "delegate"))
        studios.refer_concern(None, concern, db.session.get(HandlingUnit, w.ids["uid"]))
        concern.due_on = local_today() - timedelta(days=1)
        db.session.commit()
        find_due_reminders()
        nid = db.session.scalar(db.select(Notification.id).where(
            Notification.user_id == w.accounts["secretariat"].id))
        w.ids.update(oid=meeting.organisation_id, concern=concern.id, nid=nid)


def term_work(w):
    """The delegate's contact (李党员, with a phone) and an activity they took part in."""
    from congress.activities import services as term
    from congress.core.time import local_today

    with w.app.app_context():
        delegate = _delegate(w, "delegate")
        contact = term.add_contact(None, delegate, name="李党员", kind="party_member",
                                   phone="13900000001")
        term.create_activity(None, _meeting(w).organisation, kind="evaluation",
                             title="矩阵评议活动", on=local_today(), delegate_ids=[delegate.id])
        db.session.commit()
        w.ids["contact"] = contact.id


def studio(w):
    """A studio of the meeting's organisation where the delegate is on duty now, with three
    concerns the delegate took: one referred to the unit, one just received, one answered on
    the spot."""
    from congress.core.time import from_local, local_today, utcnow
    from congress.people.models import HandlingUnit
    from congress.studios import services

    with w.app.app_context():
        meeting = _meeting(w)
        place = services.create_studio(None, meeting.organisation, name="矩阵党代表工作室")
        # on duty since an hour ago but not before today (local): the check-in row needs the
        # duty on today's date, also when the suite runs just after local midnight
        now, midnight = utcnow(), from_local(datetime.combine(local_today(), time()))
        duty = services.add_duty(None, place, _delegate(w, "delegate"),
                                 max(now - timedelta(hours=1), midnight), now + timedelta(hours=12))
        concerns = [services.take_concern(None, place, channel="reception", text=text,
                                          resident_name="矩阵居民", contact="13812341234",
                                          taken_by=_delegate(w, "delegate"))
                    for text in ("矩阵转办事项", "矩阵新事项", "矩阵答复事项")]
        services.refer_concern(None, concerns[0], db.session.get(HandlingUnit, w.ids["uid"]))
        services.answer_concern(None, concerns[2], "矩阵当场答复")
        db.session.commit()
        w.ids.update(oid=meeting.organisation_id, sid=place.id, duty=duty.id,
                     cid=concerns[0].id, cid_new=concerns[1].id, cid_done=concerns[2].id,
                     code=concerns[0].tracking_code, code_done=concerns[2].tracking_code)
