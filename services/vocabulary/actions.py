"""What a duty officer did about an alert: the short list an acknowledgement records.

The list is the border guard's own first steps when a boat is at risk or silent (call the
owner, raise the boat on its Icom HF/VHF radio, tell the border post of its home port), plus
the two outcomes the month's report counts: the boat turned back, or nobody could be reached.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ACK_ACTION_LABELS_VI", "AckAction"]


class AckAction(StrEnum):
    """The action recorded with an acknowledgement (the wire value is the lower-case name)."""

    CALL_OWNER = "call_owner"
    RADIO = "radio"
    NOTIFY_POST = "notify_post"
    RETURNED = "returned"
    UNREACHABLE = "unreachable"

    @property
    def label_vi(self) -> str:
        """The officer's words for it, as the page and the report show it."""
        return ACK_ACTION_LABELS_VI[self]


ACK_ACTION_LABELS_VI: dict[AckAction, str] = {
    AckAction.CALL_OWNER: "Gọi chủ tàu",
    AckAction.RADIO: "Liên lạc Icom/VHF",
    AckAction.NOTIFY_POST: "Thông báo đồn biên phòng",
    AckAction.RETURNED: "Tàu đã quay về",
    AckAction.UNREACHABLE: "Không liên lạc được",
}
