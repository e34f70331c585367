"""Who sees and changes venues, rooms and bookings (registered in VenuesConfig.ready()).

The workers of the venue's area (region admins, social workers) manage its rooms and decide its bookings. A
team sees the venues of its community and those where it holds a room as its own space, and books them; its
members see its bookings, its leaders change them, and whoever booked changes their own booking. Residents
read the public page of a venue (no names, no bookings' titles)."""

from django.db.models import Q

from core.access import NOTHING, Scope
from orgs.models import Organisation
from regions.access import in_paths
from venues.models import Room, Venue


def _teams(scope: Scope) -> frozenset[int]:
    return scope.led_team_ids | scope.member_team_ids


def _team_venues(scope: Scope, prefix: str = "") -> Q:
    teams = _teams(scope)
    if not teams:
        return NOTHING
    return Q(**{f"{prefix}region__in": Organisation.objects.filter(pk__in=teams).values("region")}) | Q(
        **{f"{prefix}pk__in": Room.objects.filter(teams__in=teams).values("venue")}
    )


def venue_rule(scope: Scope) -> tuple[Q, Q]:
    staff = in_paths("region", scope.staff_paths)
    return staff | _team_venues(scope), staff


def room_rule(scope: Scope) -> tuple[Q, Q]:
    staff = in_paths("venue__region", scope.staff_paths)
    teams = _teams(scope)
    by_team = Q(venue__in=Venue.objects.filter(_team_venues(scope)).values("pk")) if teams else NOTHING
    return staff | by_team, staff


def booking_rule(scope: Scope) -> tuple[Q, Q]:
    staff = in_paths("room__venue__region", scope.staff_paths)
    own = Q(booked_by_id=scope.user_id) if scope.user_id else NOTHING
    see = staff | own | Q(team_id__in=_teams(scope))
    change = staff | own | Q(team_id__in=scope.led_team_ids)
    return see, change


def keeps_national_calendar(scope: Scope) -> bool:
    """The official holiday schedule is the same in every county, so it is entered once for the whole country:
    by the back office and the admins of a province (any province: the schedule is national), not by a county's
    or a city's admins, who would otherwise change it for every other province too."""
    return scope.everything or any(path.count("/") == 2 for path in scope.admin_paths)  # "/150000/": a province


def official_day_rule(scope: Scope) -> tuple[Q, Q]:
    """The entered days of the official schedule, on their management page: its keepers alone (the booking pages
    read the calendar through venues/calendar.py, for everyone)."""
    return (Q(), Q()) if keeps_national_calendar(scope) else (NOTHING, NOTHING)
