from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import LOCALE_CHOICES
from cxloop.surveys.models import Response
from cxloop.textanalysis.models import CommentAnalysis
from cxloop.web.forms.period import PeriodForm

BAND_CHOICES = [
    ("", _("Any score")),
    ("negative", _("Low (detractors)")),
    ("neutral", _("Middle (passives)")),
    ("positive", _("High (promoters)")),
]


class FeedbackFilterForm(PeriodForm):
    """The inbox's filters; every field is optional and narrows the list."""

    field_order = [
        "q",
        "survey",
        "touchpoint",
        "channel",
        "locale",
        "band",
        "sentiment",
        "topic",
    ]
    q = forms.CharField(label=_("Search comments"), required=False, max_length=200)
    survey = forms.ChoiceField(label=_("Survey"), required=False)
    touchpoint = forms.ChoiceField(label=_("Touchpoint"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("Any channel")), *Response.Channel.choices],
    )
    locale = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *LOCALE_CHOICES],
    )
    band = forms.ChoiceField(label=_("Score"), required=False, choices=BAND_CHOICES)
    sentiment = forms.ChoiceField(
        label=_("Sentiment"),
        required=False,
        choices=[("", _("Any sentiment")), *CommentAnalysis.Label.choices],
    )
    topic = forms.TypedChoiceField(
        label=_("Topic"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: object,
        surveys: list[tuple[str, str]],
        topics: list[tuple[int, str]],
        touchpoints: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["survey"].choices = [("", _("All surveys")), *surveys]  # type: ignore[attr-defined]
        self.fields["touchpoint"].choices = [  # type: ignore[attr-defined]
            ("", _("All touchpoints")),
            *touchpoints,
        ]
        self.fields["topic"].choices = [("", _("Any topic")), *topics]  # type: ignore[attr-defined]
