"""Play the demo meeting through, so its records have something to say: check-in, every
debrief with questions, answers, the comment and the scoring, the vote on the resolution, and
the minutes' own text. Everything goes through the real services (and their audit entries).

Used by `flask seed-demo --played` and by bench/records.py."""
import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from congress.ballots import casting, services as ballots
from congress.ballots.demo import hold_by_election
from congress.core.time import from_local
from congress.debriefs import queue, services as debriefs
from congress.debriefs.models import Debrief, Phase
from congress.extensions import db
from congress.meetings import services as meetings
from congress.meetings.models import on_roster
from congress.people.models import Delegate
from congress.records import services
from congress.records.minutes import sections_of
from congress.reports import digest, resolutions, services as reports
from congress.reports.models import Report, Resolution

ON_LEAVE = 7
ABSENT = 4
QUESTIONS = ("请问在推进基层治理现代化方面，今年有哪些可量化的成效？",
             "对于群众反映强烈的老旧小区改造进度问题，下一步有何具体安排？",
             "报告提到招商引资成效明显，但部分项目落地慢，原因是什么？",
             "农村人居环境整治中的长效管护机制如何落实？")
CHALLENGE = "关于区属国有企业债务风险的问题，报告中没有提及，请说明具体情况和化解措施。"
ANSWER = "感谢代表的提问。我们已制定专项工作方案，明确时间表和责任单位，将按季度向代表通报进展。"
COMMENT = ("述职报告实事求是，重点突出。希望进一步聚焦主责主业，在抓基层党建、防范化解风险、"
           "改善民生等方面持续用力，以钉钉子精神抓好问题整改。")
SUMMARY = ("年会应到代表{due}名，实到{present}名，符合规定人数。会议听取和审议了市委工作报告和"
           "市纪委工作报告，对九位县（市）区委书记进行了述职评议，代表们围绕中心工作积极建言献策。")
REVIEW_COMMENTS = ("报告总结成绩实事求是，部署任务重点突出，完全赞同。",
                   "建议进一步加大对基层的投入，切实为基层减负赋能。",
                   "建议在民生实事办理中更多听取群众意见，让群众有更多获得感。",
                   "希望把报告提出的各项任务分解到部门，明确时限，加强督查。",
                   "建议对科技成果转化设立专项考核指标，推动更多成果就地转化。")
COMMENTERS_PER_DELEGATION = 2
CHECK_IN_OPENS = time(7, 30)  # the first morning's sign-in, before the 8:30 opening
CHECK_IN_MINUTES = 55
DECISIONS = ("一致通过关于两个工作报告的决议。\n"
             "述职评议结果报市委，作为干部考核的重要参考。\n"
             "代表提出的提案由提案审查委员会审查后交有关单位办理，办理结果向代表反馈。")


def play_meeting(meeting, seed=2026, on_leave=ON_LEAVE, absent=ABSENT):
    """Returns the number of delegates present."""
    rng = random.Random(seed)
    delegates = db.session.scalars(select(Delegate).where(on_roster(meeting))
                                   .order_by(Delegate.id)).all()
    present = _check_in(meeting, delegates, rng, on_leave, absent)
    _write_review_comments(meeting, present, rng)
    _write_minutes_text(meeting)
    for debrief in db.session.scalars(select(Debrief).where(Debrief.meeting_id == meeting.id)
                                      .order_by(Debrief.position, Debrief.id)).all():
        _hold_debrief(debrief, present, rng)
    for resolution in db.session.scalars(select(Resolution).where(
            Resolution.meeting_id == meeting.id)).all():
        _vote_on(resolution, present, rng)
    hold_by_election(meeting, present)
    db.session.commit()
    return len(present)


def _check_in(meeting, delegates, rng, on_leave, absent):
    away = rng.sample(delegates, on_leave + absent)
    for delegate in away[:on_leave]:
        meetings.mark_leave(None, meeting, delegate)
    missing = {d.id for d in away}
    present = [d for d in delegates if d.id not in missing]
    opens = from_local(datetime.combine(meeting.starts_on, CHECK_IN_OPENS))
    for delegate in present:
        row, _ = meetings.check_in(None, meeting, delegate, "desk")
        # the played meeting happened on its first morning, not when the demo was seeded
        row.at = opens + timedelta(seconds=rng.randrange(CHECK_IN_MINUTES * 60))
    db.session.commit()
    return present


def _write_review_comments(meeting, present, rng):
    """A few delegates of every delegation comment on each tabled report, on the whole or on
    a paragraph; the secretariat compiles the digest from them."""
    tabled = [r for r in db.session.scalars(select(Report).where(
        Report.meeting_id == meeting.id).order_by(Report.position, Report.id)).all()
        if r.current_version is not None]
    by_delegation = {}
    for delegate in present:
        by_delegation.setdefault(delegate.delegation_id, []).append(delegate)
    for report in tabled:
        paragraphs = [b.id for b in report.current_version.numbered]
        for members in by_delegation.values():
            for delegate in members[:COMMENTERS_PER_DELEGATION]:
                block = rng.choice(paragraphs) if paragraphs and rng.random() < 0.5 else None
                reports.add_comment(None, delegate, report, text=rng.choice(REVIEW_COMMENTS),
                                    block_id=block)
    if tabled:
        digest.compile_digest(None, meeting)
    db.session.commit()


def _write_minutes_text(meeting):
    summary = meetings.attendance_summary(meeting)
    services.update_header(None, meeting, chair="大会主席团常务主席",
                           recorder="大会秘书处", non_voting="市人大常委会有关负责同志\n"
                           "市政府有关负责同志\n市政协有关负责同志")
    services.ensure_default_sections(None, meeting)
    opening, closing = sections_of(meeting)[:2]
    services.update_section(None, opening, heading=opening.heading, placement="opening",
                            body=SUMMARY.format(due=summary.due, present=summary.present))
    services.update_section(None, closing, heading=closing.heading, placement="closing",
                            body=DECISIONS)


def _hold_debrief(debrief, present, rng):
    debriefs.set_phase(None, debrief, Phase.report.value)
    debriefs.set_phase(None, debrief, Phase.questions.value)
    askers = [d for d in debrief.questioners if d in present]
    others = [d for d in present if d.is_grassroots and d not in askers]
    requests = [queue.request_floor(d, debrief.queue, "question", rng.choice(QUESTIONS))
                for d in askers]
    requests.append(queue.request_floor(rng.choice(others), debrief.queue, "challenge",
                                        CHALLENGE))
    for request in requests:
        queue.admit_next(None, debrief.queue)
        queue.record_answer(None, request, ANSWER)
    db.session.commit()
    debriefs.set_phase(None, debrief, Phase.comment.value)
    debriefs.record_comment(None, debrief, speaker="市委书记", text=COMMENT)
    debriefs.set_phase(None, debrief, Phase.scoring.value)
    _cast_all(debrief.ballot, present, rng, weights=(55, 30, 10, 3))
    debriefs.set_phase(None, debrief, Phase.closed.value)
    db.session.commit()


def _cast_all(ballot, present, rng, weights):
    subjects = [s.id for s in ballot.subjects]
    options = [o.id for o in ballot.options]
    for delegate in present:
        choices = {str(s): (rng.choices(options, weights=weights[:len(options)])[0]
                            if rng.random() > 0.02 else None) for s in subjects}
        casting.cast_vote(delegate, casting.vote_target(ballot.id, delegate), choices)
    db.session.commit()


def _vote_on(resolution, present, rng):
    if resolution.ballot is None:
        resolutions.put_to_vote(None, resolution)
    ballot = resolution.ballot
    if ballot.status.value == "draft":
        ballots.open_ballot(None, ballot)
    if ballot.is_open:
        _cast_all(ballot, present, rng, weights=(95, 2, 3))
        ballots.close_ballot(None, ballot)
    db.session.commit()
