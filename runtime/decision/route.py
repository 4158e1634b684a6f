"""Where the case goes (流转): sole or joint, lead department and window, each stop in order, location,
agency office and the fee window.

行政许可法 第二十六条: several departments → one takes it in and leads (joint approval); township
centres take in items delegated to them; the agency office carries green-channel files (全程代办).
"""
from __future__ import annotations

from datetime import date

from ..catalog import Catalog, Item
from ..catalog.organisation import Location
from ..rules.models import RouteAction
from .context import DecisionContext
from .decision import Route, RouteStop


def window_of(catalog: Catalog, item: Item, location: str) -> str | None:
    """The item's own first window, else a window of its department at ``location`` (then the main hall), else
    the general window."""
    if item.windows:
        return item.windows[0]
    candidates = catalog.windows_of(item.department)
    preferred = [w for w in candidates if w.location == location] or [w for w in candidates if w.location == "main_hall"] or list(candidates)
    if preferred:
        return preferred[0].id
    general = catalog.general_window()
    return general.id if general else None


def _department_name(catalog: Catalog, department: str) -> str:
    found = catalog.departments.get(department)
    return found.name if found else department


def _window_name(catalog: Catalog, window: str | None) -> str | None:
    found = catalog.windows.get(window) if window else None
    return found.name if found else window


def build_route(ctx: DecisionContext, start: date | None, agency_window: str | None, with_fees: bool) -> Route:
    """Combine the catalog's organisation with the route actions of the decide rules (highest priority
    first); ``start`` is the clock's first day (None when nothing was accepted: no due dates).

    Each stop's due date counts the cumulative days scaled by the green channel's ``time_factor`` (rounded
    up), so the last stop falls on the promised due date.
    """
    catalog, calendar, subject = ctx.catalog, ctx.calendar, ctx.subject
    items, pipeline, township = subject.items, subject.pipeline, ctx.township
    actions: list[RouteAction] = [t.route for t in ctx.then if t.route]
    grants = ctx.grants
    dues: dict[int, date] = {}

    def due(elapsed: int) -> date:
        assert start is not None
        found = dues.get(elapsed)  # a step of no days falls on the due date of the step before it
        if found is None:
            found = dues[elapsed] = calendar.due_date(start, grants.scaled(elapsed) if grants is not None else elapsed)
        return found

    chosen_location: Location | None = None
    department: str | None = None
    window: str | None = None
    if actions:
        chosen_location = next((a.location for a in actions if a.location), None)
        department = next((a.department for a in actions if a.department), None)
        window = next((a.window for a in actions if a.window), None)
        if any(a.agency for a in actions) and agency_window is None:
            channel = catalog.green_channel
            agency_window = channel.agency_window if channel else None
    location = chosen_location or "main_hall"
    fee_window = ctx.memo.fee_window
    stops: list[RouteStop] = []
    if pipeline is not None:
        elapsed = 0
        lead_window = window or pipeline.window
        for order, stage in enumerate(pipeline.stages, 1):
            codes = tuple(c for c in stage.items if c in {i.code for i in items})
            if not codes:
                continue
            elapsed += stage.days
            departments = sorted({i.department for i in items if i.code in codes})
            stops.append(RouteStop.trusted(order=len(stops) + 1, name=stage.name, department="、".join(departments),
                                   mode=stage.mode, items=codes, days=stage.days, due=due(elapsed) if start else None,
                                   joint_survey=stage.joint_survey or pipeline.joint_survey,
                                   joint_review=stage.joint_review or pipeline.joint_review))
        lead = department or subject.lead_department()
        return Route.trusted(mode="joint", lead_department=lead, lead_department_name=_department_name(catalog, lead),
                     lead_window=lead_window, lead_window_name=_window_name(catalog, lead_window),
                     location=location, stops=tuple(stops), agency_window=agency_window,
                     fee_window=fee_window.id if fee_window and with_fees else None)
    item = items[0]
    lead_department = department or subject.lead_department()
    if window is None and location == "township" and township is not None:
        centre = ctx.memo.township_centre(township)
        window = centre.window if centre else None
    if window is None:
        window = ctx.memo.window_of(item, location)
    if chosen_location is None and window is not None and window in catalog.windows:
        location = catalog.windows[window].location  # the applicant goes where the window is (e.g. a branch)
    fee_id = fee_window.id if fee_window and with_fees else None

    def sole_route() -> Route:
        undated, reached = ctx.memo.stops(item, lead_department, window)  # the item's own steps
        # no due date after the first step whose days are not published
        sole = undated if not start else tuple(stop if known is None else stop.but(due=due(known))
                                               for stop, known in zip(undated, reached))
        return Route.trusted(mode="sole", lead_department=lead_department,
                             lead_department_name=_department_name(catalog, lead_department), lead_window=window,
                             lead_window_name=_window_name(catalog, window), location=location, stops=sole,
                             agency_window=agency_window, fee_window=fee_id)

    if start:
        return sole_route()
    return ctx.memo.undated_route(item, (lead_department, window, location, agency_window, fee_id), sole_route)

__all__ = ["build_route"]
