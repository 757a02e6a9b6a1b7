"""The question queue of one debrief. At most one waiting-or-speaking request per delegate is
enforced by a partial unique index, not only in code."""
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db


class RequestKind(str, enum.Enum):
    question = "question"
    challenge = "challenge"

    @property
    def title(self):
        return {RequestKind.question: _l("Question"), RequestKind.challenge: _l("Challenge")}[self]


class RequestStatus(str, enum.Enum):
    waiting = "waiting"
    speaking = "speaking"
    done = "done"
    withdrawn = "withdrawn"
    rejected = "rejected"

    @property
    def title(self):
        return REQUEST_STATUS_TITLES[self]


REQUEST_STATUS_TITLES = {
    RequestStatus.waiting: _l("Waiting"),
    RequestStatus.speaking: _l("Speaking"),
    RequestStatus.done: _l("Done"),
    RequestStatus.withdrawn: _l("Withdrawn"),
    RequestStatus.rejected: _l("Not called"),
}
# statuses that hold one of the debrief's questioner places
PLACE_STATUSES = (RequestStatus.waiting, RequestStatus.speaking, RequestStatus.done)
ACTIVE_WHERE = "status IN ('waiting', 'speaking')"


class FloorQueue(db.Model):
    __tablename__ = "floor_queues"
    label = _l("queue")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    debrief_id: Mapped[int] = mapped_column(ForeignKey("debriefs.id", ondelete="CASCADE"),
                                            unique=True)
    is_open: Mapped[bool] = mapped_column(default=False)

    debrief = relationship("Debrief", back_populates="queue")
    requests = relationship("FloorRequest", back_populates="queue",
                            order_by="(FloorRequest.sort_key, FloorRequest.id)")


class FloorRequest(db.Model):
    __tablename__ = "floor_requests"
    label = _l("floor request")
    __table_args__ = (
        Index("uq_floor_requests_active_delegate", "queue_id", "delegate_id", unique=True,
              sqlite_where=text(ACTIVE_WHERE), postgresql_where=text(ACTIVE_WHERE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    queue_id: Mapped[int] = mapped_column(ForeignKey("floor_queues.id", ondelete="CASCADE"),
                                          index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"),
                                             index=True)
    kind: Mapped[RequestKind] = mapped_column(
        Enum(RequestKind, native_enum=False, length=16, create_constraint=True,
             name="floor_request_kind"))
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[RequestStatus] = mapped_column(
        Enum(RequestStatus, native_enum=False, length=16, create_constraint=True,
             name="floor_request_status"), default=RequestStatus.waiting)
    sort_key: Mapped[int] = mapped_column(default=0)
    is_designated: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    admitted_at: Mapped[object | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[object | None] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[object | None] = mapped_column(UTCDateTime)

    queue = relationship(FloorQueue, back_populates="requests")
    delegate = relationship("Delegate")

    @property
    def is_active(self):
        return self.status in (RequestStatus.waiting, RequestStatus.speaking)
