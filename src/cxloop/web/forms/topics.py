from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.textanalysis.topic_services import MAX_KEYWORDS
from cxloop.web.forms.period import PeriodForm


class TopicFilterForm(PeriodForm):
    """The Topics page's filters; each narrows volume, sentiment and trend."""

    field_order = ["survey", "touchpoint"]
    survey = forms.ChoiceField(label=_("Survey"), required=False)
    touchpoint = forms.ChoiceField(label=_("Touchpoint"), required=False)

    def __init__(
        self,
        *args: object,
        surveys: list[tuple[str, str]],
        touchpoints: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["survey"].choices = [("", _("All surveys")), *surveys]  # type: ignore[attr-defined]
        self.fields["touchpoint"].choices = [  # type: ignore[attr-defined]
            ("", _("All touchpoints")),
            *touchpoints,
        ]


def split_keywords(value: str) -> list[str]:
    return [
        word.strip() for word in value.replace("\n", ",").split(",") if word.strip()
    ]


class KeywordsField(forms.CharField):
    def to_python(self, value: object) -> list[str]:  # type: ignore[override]
        words = split_keywords(str(super().to_python(value) or ""))
        if len(words) > MAX_KEYWORDS:
            raise forms.ValidationError(
                _("At most %(n)d keywords.") % {"n": MAX_KEYWORDS}
            )
        return words


class TopicCreateForm(forms.Form):
    label = forms.CharField(label=_("Name"), max_length=120)
    keywords = KeywordsField(
        label=_("Keywords"),
        help_text=_(
            "Comma-separated. A comment containing one (at a word's start, so "
            "“tarne” also finds “tarnega”) gets the topic."
        ),
        max_length=2000,
    )


class TopicRenameForm(forms.Form):
    label = forms.CharField(label=_("Name"), max_length=120)


class TopicKeywordsForm(forms.Form):
    keywords = KeywordsField(label=_("Keywords"), required=False, max_length=2000)


class TopicMergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Merge into"), coerce=int)

    def __init__(
        self, *args: object, targets: list[tuple[int, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["into"].choices = targets  # type: ignore[attr-defined]


class TopicSplitForm(forms.Form):
    parts = forms.IntegerField(label=_("Into"), min_value=2, max_value=10, initial=2)


class TopicPinForm(forms.Form):
    response = forms.IntegerField(min_value=1)
    pinned = forms.BooleanField(required=False)
