"""Notifications (通知): notices to a person or an organisation, read per person, and the mail outbox.

``notify`` is the one way to tell someone (the work's own notices are in ``tasks``); ``inbox``
reads them; ``outbox`` is what ``yijiao send-mail`` sends.
"""

from engine.notifications.models import Notification, NotificationRead, OutboxMail
from engine.notifications.notify import KINDS, notify
from engine.notifications.tasks import LISTENER

__all__ = ["KINDS", "LISTENER", "Notification", "NotificationRead", "OutboxMail", "notify"]
