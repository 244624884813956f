"""Timeline entries as sentences officials read: 2017年4月2日 10:15 郑州市金水区人民政府 李娜
办结了“审核并签订具体移交协议”：退回，理由：… — names, never login names or organisation ids."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext

from engine.workflow.timeline import Entry

from ..extensions import beijing

#: what the services after the hand-over write on a case's timeline (action → "who did what")
RECORDED = {
    "certification_mark": lazy_gettext("%(who)s recorded certification results"),
    "visit": lazy_gettext("%(who)s recorded a visit"),
    "visit_not_made": lazy_gettext("%(who)s recorded why a visit was not made"),
    "change_retiree": lazy_gettext("%(who)s changed a retiree's information"),
    "transfer_retiree": lazy_gettext("%(who)s moved a retiree to the receiving community"),
    "newcomer_registered": lazy_gettext("%(who)s registered a new retiree"),
}


def sentence(entry: Entry) -> str:
    """The whole sentence of one entry, time first."""
    return _("%(when)s %(what)s", when=beijing(entry.at), what=_what(entry))


def who(entry: Entry) -> str:
    """Organisation and person by name; the system where no person acted."""
    named = " ".join(n for n in (entry.organisation, entry.person) if n)
    return named or _("The system")


def _what(entry: Entry) -> str:
    task, subject = entry.task or "", who(entry)
    if entry.action == "start":
        return _("%(who)s started the case", who=subject)
    if entry.action == "claim":
        return _("%(who)s claimed “%(task)s”", who=subject, task=task)
    if entry.action == "unclaim":
        return _("%(who)s released “%(task)s”", who=subject, task=task)
    if entry.action == "complete":
        return _("%(who)s completed “%(task)s”", who=subject, task=task) + _outcome(entry)
    if entry.action == "reassign":
        return _("%(who)s handed “%(task)s” on", who=subject, task=task)
    if entry.action == "timer":
        return _("A deadline of the case passed")
    if entry.action == "message":
        return _("%(who)s reported “%(message)s”", who=subject, message=entry.message or "")
    if entry.action == "comment":
        return _said(entry, subject)
    if entry.action in RECORDED:
        return str(RECORDED[entry.action]) % {"who": subject}
    return _("%(who)s: %(action)s", who=subject, action=entry.action)


def _outcome(entry: Entry) -> str:
    if entry.approved is True:
        return _(": approved")
    if entry.approved is False and entry.reason:
        return _(": returned, reason: %(reason)s", reason=entry.reason)
    if entry.approved is False:
        return _(": returned")
    return ""


def _said(entry: Entry, subject: str) -> str:
    body = entry.comment.body if entry.comment is not None else ""
    if entry.task:
        return _("%(who)s commented on “%(task)s”: %(body)s", who=subject, task=entry.task, body=body)
    return _("%(who)s commented: %(body)s", who=subject, body=body)
