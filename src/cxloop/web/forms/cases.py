"""Forms of the Cases inbox and the case page."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.cases.models import Case

# Labels may be lazy translations.
Choices = list[tuple[str, Any]]
VIEW_CHOICES = [
    ("mine", _("Mine")),
    ("team", _("My team")),
    ("unassigned", _("Unassigned")),
    ("breaching", _("Breaching soon")),
    ("open", _("Open")),
    ("all", _("All")),
]
UNASSIGNED = "none"
MAX_BULK = 200


def _choices(form: forms.Form, name: str, choices: Choices) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


class CaseFilterForm(forms.Form):
    """The inbox's filters; each narrows the list, all live in the URL."""

    field_order = ["q", "status", "priority", "owner", "team", "touchpoint"]
    view = forms.ChoiceField(required=False, choices=VIEW_CHOICES)
    q = forms.CharField(label=_("Search cases"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Case.Status.choices],
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("Any priority")), *Case.Priority.choices],
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    touchpoint = forms.ChoiceField(label=_("Touchpoint"), required=False)

    def __init__(
        self,
        *args: object,
        members: Choices,
        teams: list[str],
        touchpoints: Choices,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "owner", [("", _("Anyone")), *members])
        _choices(self, "team", [("", _("Any team")), *((t, t) for t in teams)])
        _choices(self, "touchpoint", [("", _("All touchpoints")), *touchpoints])


class CaseOpenForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    customer = forms.CharField(
        label=_("Customer"),
        required=False,
        max_length=200,
        help_text=_("An e-mail, a phone number, a name or the customer's #id."),
    )
    touchpoint = forms.ChoiceField(label=_("Touchpoint"), required=False)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Case.Priority.choices, initial="normal"
    )
    owner = forms.TypedChoiceField(
        label=_("Owner"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: object, members: Choices, touchpoints: Choices, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "touchpoint", [("", _("None")), *touchpoints])
        _choices(
            self, "owner", [("", _("The touchpoint's owner, or nobody")), *members]
        )


class BulkForm(forms.Form):
    """Several cases at once: give them an owner or a new status.

    The ticked cases come as `cases` (their numbers), read in `clean`.
    """

    action = forms.ChoiceField(
        choices=[("assign", _("Assign")), ("status", _("Set status"))]
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    status = forms.ChoiceField(
        label=_("New status"),
        required=False,
        choices=[("", "—"), *Case.Status.choices],
    )

    def __init__(self, *args: object, members: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "owner", [("", "—"), (UNASSIGNED, _("Nobody")), *members])

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        raw = self.data.getlist("cases") if hasattr(self.data, "getlist") else []
        numbers = [
            int(value)
            for value in raw[:MAX_BULK]
            if value.isdecimal() and len(value) < 19
        ]
        if not numbers or len(numbers) != len(raw):
            self.add_error(None, _("Tick up to 200 cases to change first."))
        data["cases"] = numbers
        if data.get("action") == "assign" and not data.get("owner"):
            self.add_error("owner", _("Choose whom to assign the cases to."))
        if data.get("action") == "status" and not data.get("status"):
            self.add_error("status", _("Choose the new status."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args: object, statuses: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "status", statuses)


class AssignForm(forms.Form):
    owner = forms.TypedChoiceField(
        label=_("Owner"), required=False, coerce=int, empty_value=None
    )
    team = forms.ChoiceField(label=_("Team"), required=False)

    def __init__(
        self, *args: object, members: Choices, teams: list[str], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "owner", [("", _("Nobody")), *members])
        _choices(self, "team", [("", _("No team")), *((t, t) for t in teams)])


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=Case.Priority.choices)


class TagsForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1200,
        help_text=_("Separated by commas."),
    )

    def clean_tags(self) -> list[str]:
        raw: str = self.cleaned_data["tags"]
        return [tag.strip() for tag in raw.split(",") if tag.strip()]


class NoteForm(forms.Form):
    prefix = "note"  # the reply's fields share names with it on one page
    body = forms.CharField(
        label=_("Internal note"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only your team sees it. Mention a colleague with @name."),
    )


class ReplyForm(forms.Form):
    prefix = "reply"
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class AnswerPickForm(forms.Form):
    """Which prepared answer to start a reply from (a GET on the case page)."""

    situation = forms.ChoiceField(label=_("Situation"), required=False)
    answer = forms.TypedChoiceField(
        label=_("Prepared answer"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: object, situations: list[str], answers: Choices, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(
            self,
            "situation",
            [("", _("Every situation")), *((s, s) for s in situations)],
        )
        _choices(self, "answer", [("", _("Write your own")), *answers])


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("Merge into case number"),
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("This case is closed as a duplicate of the other."),
    )
