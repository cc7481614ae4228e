"""A breadth-first crawl of the dashboard, for the crawl tests.

It follows every link under /app/ that a page shows, and submits every GET
form (the filter bars) empty, with each choice of each of its selects, and
with its dates reversed. The same reader serves the Django test client
(tests/web/test_crawl.py) and Chromium (tests/e2e/test_crawl_browser.py).
"""

from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

# Pages a crawl must not follow: they end the session or switch the
# workspace, and would stop the crawl of the role it is checking.
SKIPPED = ("/app/workspace/switch/",)
REVERSED_DATES = ("2026-12-31", "2026-01-01")


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    dates: list[str] = field(default_factory=list)


class PageReader(HTMLParser):
    """The links and GET forms of one page."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and values.get("href"):
            self.links.append(urljoin(self.url, values["href"]))
        elif tag == "form":
            method = values.get("method", "get").lower()
            action = urljoin(self.url, values.get("action") or self.url)
            self._form = Form(action=action) if method == "get" else None
        elif self._form is not None and tag in ("input", "select", "option"):
            self._form_field(tag, values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None

    def _form_field(self, tag: str, values: dict[str, str]) -> None:
        assert self._form is not None
        name = values.get("name", "")
        if tag == "select" and name:
            self._select = name
            self._form.choices[name] = []
        elif tag == "option" and self._select is not None:
            self._form.choices[self._select].append(values.get("value", ""))
        elif tag == "input" and name:
            kind = values.get("type", "text")
            if kind == "date":
                self._form.dates.append(name)
            elif kind in ("hidden", "text", "search"):
                self._form.fields[name] = values.get("value", "")


def page_read(url: str, html: str) -> PageReader:
    reader = PageReader(url)
    reader.feed(html)
    return reader


def form_queries(form: Form) -> Iterator[str]:
    """The form submitted empty, with each choice, and with reversed dates."""
    base = {name: value for name, value in form.fields.items() if value}
    yield _query(form.action, base)
    for name, options in form.choices.items():
        for option in options:
            yield _query(form.action, {**base, name: option})
    if len(form.dates) >= 2:
        start, end = form.dates[:2]
        later, earlier = REVERSED_DATES
        yield _query(form.action, {**base, start: later, end: earlier})


def _query(action: str, values: dict[str, str]) -> str:
    path = urlsplit(action).path
    return f"{path}?{urlencode(values)}" if values else path


def is_dashboard(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.netloc in ("", "testserver", "127.0.0.1", "localhost")
        or parts.netloc.startswith(("127.0.0.1:", "localhost:"))
    ) and parts.path.startswith("/app/")


def crawl(
    fetch: Callable[[str], tuple[int, str]],
    *,
    start: str = "/app/",
    bound: int = 600,
    per_path: int = 30,
) -> dict[str, int]:
    """Every page reachable from `start`, breadth-first: {path?query: status}.

    `fetch` answers a path with its status and, for HTML, its text. One path
    is opened with at most `per_path` different queries (a download with
    two), so that one page's filter choices and pages cannot use up the
    bound before the crawl reaches the rest of the dashboard.
    """
    seen: dict[str, int] = {}
    per: Counter[str] = Counter()
    queue = deque([start])
    while queue and len(seen) < bound:
        url = queue.popleft()
        path = url.split("?", 1)[0]
        cap = 2 if path.endswith((".csv", ".json")) else per_path
        if url in seen or per[path] >= cap:
            continue
        per[path] += 1
        status, html = fetch(url)
        seen[url] = status
        if status != 200 or not html:
            continue
        reader = page_read(url, html)
        for link in reader.links:
            target = _local(link)
            if target and target not in seen and not target.startswith(SKIPPED):
                queue.append(target)
        for form in reader.forms:
            if is_dashboard(form.action):
                queue.extend(q for q in form_queries(form) if q not in seen)
    return seen


def _local(url: str) -> str | None:
    if not is_dashboard(url):
        return None
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
