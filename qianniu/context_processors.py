from core.access import scope_of
from venues.access import keeps_national_calendar


def ui(request):
    """What the page frame needs: the large-text mode and which menu entries the user's scope opens."""
    if not hasattr(request, "user"):  # an error page for a request refused before sign-in was read (bad host)
        return {"elder_mode": False, "menu": {}}
    scope = scope_of(request.user)
    staff = scope.everything or bool(scope.staff_paths)
    manage = {
        "stats": staff,
        # in the Administration menu, which shows when any of its entries does: a liaison sees this one alone
        "coordination": staff or bool(scope.liaison_org_ids),
        "venues": staff,
        "official_days": keeps_national_calendar(scope),
        "imports": staff,
        "staff": scope.everything or bool(scope.admin_paths),
        "duty": scope.everything or bool(scope.supervisor_paths or scope.admin_paths),  # who keeps a roster
        "admin": getattr(request.user, "is_staff", False),
    }
    return {
        "elder_mode": request.COOKIES.get("elder_mode") == "1",
        "menu": {
            **manage,
            "manage": any(manage.values()),
            "volunteers": staff or bool(scope.led_team_ids),
            "teams": staff or bool(scope.led_team_ids or scope.member_team_ids),
            "organisations": staff or bool(scope.liaison_org_ids),
            "recipients": staff,
            "me": scope.volunteer_id is not None,
            "needs": staff,
            "matching": staff,
            "groups": staff,
            "open_cases": scope.everything or bool(scope.social_paths),
            "disputes": staff,
            "cases": scope.everything or bool(scope.staff_paths or scope.liaison_org_ids or scope.agency_id),
            "tasks": scope.volunteer_id is not None,
            "dispatches": staff or bool(scope.liaison_org_ids),
            "resources": staff or bool(scope.liaison_org_ids),
            "projects": staff,
            "ask": scope.recipient_id is not None,
            "record": scope.volunteer_id is not None,
        },
    }
