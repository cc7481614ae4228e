"""Showing cases: due times as people say them, notes with their mentions."""

import re
from datetime import datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cxloop.cases.models import Case

register = template.Library()

# The handles `cases.services.case_note_add` notifies: @e-mail or @name.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")


def span_text(minutes: int) -> str:
    """A span as people say it: "25 min", "3 h", "2 days"."""
    if minutes < 60:
        return _("%(count)d min") % {"count": max(minutes, 1)}
    hours = minutes // 60
    if hours < 48:
        return _("%(count)d h") % {"count": hours}
    days = hours // 24
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def _exact(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


@register.simple_tag
def due_time(moment: datetime | None, now: datetime | None = None) -> SafeString:
    """ "in 2 h" or "3 h overdue", the exact time as its title."""
    if moment is None:
        return mark_safe("—")  # noqa: S308 - a constant
    now = now or timezone.now()
    minutes = int((moment - now).total_seconds() // 60)
    if minutes >= 0:
        text = _("in %(span)s") % {"span": span_text(minutes)}
        state = "due-soon" if minutes < 120 else "due-later"
    else:
        text = _("%(span)s overdue") % {"span": span_text(-minutes)}
        state = "due-overdue"
    return format_html(
        '<time class="due {}" datetime="{}" title="{}">{}</time>',
        state,
        moment.isoformat(),
        _exact(moment),
        text,
    )


@register.simple_tag
def case_due(case: Case, now: datetime | None = None) -> SafeString:
    """The inbox's Due column: the next deadline, "waiting" while paused."""
    if not case.is_active:
        return format_html('<span class="muted">{}</span>', "—")
    if case.sla_paused_at is not None:
        return format_html(
            '<span class="due due-paused" title="{}">{}</span>',
            _("The SLA clock stops while the case waits for the customer."),
            _("waiting"),
        )
    shown = due_time(case.next_due_at, now)
    if case.is_breached and "due-overdue" not in shown:
        return format_html(
            '{} <span class="badge badge-breached">{}</span>', shown, _("breached")
        )
    return shown


@register.filter
def duration(minutes: int | None) -> str:
    """A target as people write it: "8 h", "1 h 30 min", "45 min"."""
    if not minutes:
        return "—"
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": rest}
    if not rest:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


@register.filter
def with_mentions(text: str) -> SafeString:
    """The note escaped, line breaks kept and every @mention marked."""
    escaped = str(conditional_escape(text))
    marked = MENTION.sub(r'<mark class="mention">@\1</mark>', escaped)
    return mark_safe(marked.replace("\n", "<br>"))  # noqa: S308 - escaped above
