"""The dashboard's navigation; an issue that adds a page adds its entry here.

Only pages that exist are listed, so the sidebar never leads to a dead end.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str  # name of an inline SVG in web/_icons.html
    section: str  # the first path segment under /app/ that marks it active


NAVIGATION: list[NavItem] = [
    NavItem(_("Overview"), "web:overview", "home", ""),
    NavItem(_("Feedback"), "web:feedback_inbox", "feedback", "feedback"),
    NavItem(_("Cases"), "web:case_inbox", "cases", "cases"),
    NavItem(_("Topics"), "web:topic_list", "topics", "topics"),
    NavItem(_("Irritants"), "web:irritant_list", "irritants", "irritants"),
    NavItem(_("Drivers"), "web:driver_list", "drivers", "drivers"),
    NavItem(_("CX and business"), "web:insights_business", "business", "insights"),
    NavItem(_("Journeys"), "web:journey_map", "journeys", "journeys"),
    NavItem(_("Scorecards"), "web:scorecard_list", "scorecards", "scorecards"),
    NavItem(_("Customers"), "web:customer_list", "customers", "customers"),
    NavItem(_("Surveys"), "web:survey_list", "surveys", "surveys"),
    NavItem(_("Settings"), "web:settings_workspace", "settings", "settings"),
]
