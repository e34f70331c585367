def is_htmx(request) -> bool:
    """A partial update asked for by htmx (it sends HX-Request: true)."""
    return request.headers.get("HX-Request") == "true"
