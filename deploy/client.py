"""An HTTP client that speaks to gunicorn as the TLS-terminating proxy would, for one browser or phone.

The proxy passes on the site's name, says the request came over HTTPS (X-Forwarded-Proto) and from which
address (X-Forwarded-For). The client keeps its own cookies: the deployment's cookies are Secure and
__Host- prefixed, which a cookie jar would not send over the plain loopback connection behind the proxy.
"""

import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from deploy.stack import HOST


@dataclass
class Response:
    status: int
    headers: dict
    text: str
    seconds: float
    url: str

    def form(self, action_suffix: str = "") -> dict:
        """The fields of the first form of the page's main part whose action ends with `action_suffix`."""
        main = self.text[self.text.find("<main") :]
        for match in re.finditer(r"<form\b([^>]*)>(.*?)</form>", main, re.S):
            action = re.search(r'action="([^"]*)"', match.group(1))
            if action_suffix and not (action and action.group(1).endswith(action_suffix)):
                continue
            fields = {}
            for tag in re.finditer(r"<input\b[^>]*>", match.group(2)):
                name = re.search(r'name="([^"]*)"', tag.group(0))
                value = re.search(r'value="([^"]*)"', tag.group(0))
                if name:
                    fields[name.group(1)] = value.group(1) if value else ""
            for select in re.finditer(r'<select\b[^>]*name="([^"]*)"[^>]*>(.*?)</select>', match.group(2), re.S):
                options = re.findall(r'<option\b[^>]*value="([^"]*)"([^>]*)>', select.group(2))
                chosen = [value for value, rest in options if "selected" in rest] or [v for v, _rest in options if v]
                fields[select.group(1)] = chosen[0] if chosen else ""
            fields["_action"] = action.group(1) if action else self.url
            return fields
        raise AssertionError(f"no form with an action ending in {action_suffix!r} on {self.url}")


@dataclass
class Client:
    port: int
    address: str = "203.0.113.10"  # the phone's address, as the proxy reports it
    cookies: dict = field(default_factory=dict)
    timeout: float = 30

    def __post_init__(self):
        self.connection = None

    def _connect(self):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        return self.connection

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(
        self, method: str, path: str, data: dict | None = None, *, referer: str | None = None, extra: dict | None = None
    ) -> Response:
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "User-Agent": "qianniu-drill",
            "Accept-Language": "zh-CN",
            **(extra or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"  # the CSRF check of an HTTPS request
            headers["Referer"] = f"https://{HOST}{referer or path}"
        started = time.perf_counter()
        for attempt in (1, 2):
            connection = self._connect()
            try:
                connection.request(method, path, body=body, headers=headers)
                raw = connection.getresponse()
                content = raw.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()  # a kept-alive connection the server closed: open a new one once
                if attempt == 2:
                    raise
        seconds = time.perf_counter() - started
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(morsel.key, None)
                    else:
                        self.cookies[morsel.key] = morsel.value
        if raw.getheader("Connection", "").lower() == "close":
            self.close()
        headers = {name.lower(): value for name, value in raw.getheaders()}
        return Response(raw.status, headers, content.decode("utf-8", "replace"), seconds, path)

    def get(self, path: str, *, follow: bool = True, extra: dict | None = None) -> Response:
        response = self.request("GET", path, extra=extra)
        for _hop in range(5):
            if not follow or response.status not in (301, 302, 303):
                break
            response = self.request("GET", local(response.headers["location"], path))
        return response

    def post(self, path: str, data: dict, *, referer: str | None = None, follow: bool = True) -> Response:
        response = self.request("POST", path, data, referer=referer)
        if follow and response.status in (301, 302, 303):
            return self.get(local(response.headers["location"], path))
        return response

    def submit(self, page: Response, action_suffix: str = "", **values) -> Response:
        """Send a form of `page` as a browser would, with `values` filled in."""
        fields = page.form(action_suffix)
        action = fields.pop("_action") or page.url
        return self.post(local(action, page.url), {**fields, **values}, referer=page.url)


def local(location: str, current: str) -> str:
    """A redirect's target as a path on this site (the proxy's https://HOST/ prefix removed)."""
    parts = urllib.parse.urlsplit(urllib.parse.urljoin(f"https://{HOST}{current}", location))
    if parts.netloc != HOST:
        raise AssertionError(f"redirected off the site: {location}")
    return parts.path + (f"?{parts.query}" if parts.query else "")
