from notifications.services import notifications_read


class MarkReadMiddleware:
    """Opening the page a notification links to marks it read: one UPDATE on a signed-in GET that succeeded."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and user is not None
            and user.is_authenticated
            and not request.path.startswith("/notifications/")
        ):
            notifications_read(person=user, url=request.path)
        return response
