"""Who may see and who may change the campaign settings, for the page and the API alike.

Every overseer (supervisor or administrator) sees them; only those who oversee the whole
province change them: a municipal office's settings would be the whole campaign's."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.directory import access
from engine.directory.roles import Actor


def may_see(actor: Actor) -> bool:
    return access.is_overseer(actor)


def may_change(session: Session, actor: Actor) -> bool:
    scope = access.oversight(session, actor)
    return scope is not None and scope.prefecture is None
