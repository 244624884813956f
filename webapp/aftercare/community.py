"""本社区 — a community's own page (its people in full, the 离休干部/省管干部 it recorded, the month's
work, recent events), and the county government's and its social insurance agency's view of the
county's communities (counts, the month's work; people as the registry lets them see them)."""

from __future__ import annotations

from flask import abort, g, render_template, request

from engine.aftercare.community import page as community_page
from engine.aftercare.community import records as community_records
from engine.policy import divisions
from engine.registry.access import identity, mask_all
from engine.registry.retirees import STATUS_NAMES

from ..context import engine, reading
from ..paging import page_number
from .blueprint import bp, kinds_only

#: who sees a county's communities: its government and its social insurance agency
COUNTY_VIEWERS = ("receiving_government", "social_insurance_agency")


@bp.get("/community")
@kinds_only("community")
def community():
    org = g.viewer.organisation_id
    q = request.args.get("q", "")
    now = engine().clock.now()
    with reading() as session:
        return render_template(
            "aftercare/community.html",
            name=community_page.community_name(session, org),
            people=community_page.people(session, org, q, page_number(request.args)),
            records=community_records.page_of(session, org, per_page=10),
            due=community_page.due_this_month(session, [org], now),
            later=community_page.due_later(session, [org], now),
            events=community_page.recent_events(session, org),
            q=q,
            month=now.astimezone(community_page.CHINA_TZ).strftime("%Y-%m"),
        )


@bp.get("/communities")
@kinds_only(*COUNTY_VIEWERS)
def communities():
    county = community_page.county_of(g.viewer)
    now = engine().clock.now()
    chosen = request.args.get("community", "")
    with reading() as session:
        rows = community_page.communities_overview(session, county, now)
        if chosen and chosen not in {row.org for row in rows}:
            abort(404)
        people = (
            community_page.people(session, chosen, request.args.get("q", ""), page_number(request.args))
            if chosen
            else None
        )
        shown = {r.id: identity(g.viewer, r) for r in people.rows} if people else {}
        return render_template(
            "aftercare/communities.html",
            county=divisions.full_name(county),
            rows=rows,
            chosen=chosen,
            people=people,
            shown=shown,
            q=request.args.get("q", ""),
            masked=mask_all,
            status_names=STATUS_NAMES,
        )
