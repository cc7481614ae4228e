import secrets
from datetime import datetime, time
from typing import Any, ClassVar

from django.db import models
from django.utils import translation
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import LOCALE_CHOICES, TenantModel


def new_link_key() -> str:
    return secrets.token_urlsafe(9)


class Survey(TenantModel):
    """A short questionnaire asked at one touchpoint, in several languages.

    `key` names it within the workspace (the API's `survey`); `link_key` is
    globally unique and unguessable, and makes the public link `/s/<link_key>`.
    Texts (`texts`, per language: title, intro, submit, thank_you) fall back to
    the default language, then to the built-in respondent strings. `name` is
    what the team calls it; `texts[lang]["name"]` the same per language.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ARCHIVED = "archived", _("Archived")

    key = models.SlugField(max_length=64)
    link_key = models.CharField(max_length=32, unique=True, default=new_link_key)
    name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    default_language = models.CharField(
        max_length=8, choices=LOCALE_CHOICES, default="en"
    )
    touchpoint = models.CharField(max_length=100, blank=True)
    template = models.CharField(max_length=64, blank=True)
    texts = models.JSONField(default=dict, blank=True)
    trigger_event = models.CharField(
        max_length=100, blank=True, help_text="Event type that makes the survey due."
    )
    priority = models.PositiveSmallIntegerField(default=50)
    sample_rate = models.FloatField(default=1.0)
    recontact_days = models.PositiveIntegerField(default=90)
    # E-mail an invitation this long after each `trigger_event` that names a
    # customer's e-mail address (sent through the governor, like the widget).
    email_invitations = models.BooleanField(default=False)
    email_delay_minutes = models.PositiveIntegerField(default=24 * 60)
    is_builtin = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["workspace", "key"], name="survey_unique_key"
            )
        ]
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_answerable(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def display_name(self) -> str:
        """The name in the page's language, else `name`, else any language's."""
        code = (translation.get_language() or "").split("-")[0]
        fields = self.texts.get(code)
        own = fields.get("name") if isinstance(fields, dict) else None
        names = [f.get("name") for f in self.texts.values() if isinstance(f, dict)]
        for value in (own, self.name, *names):
            if isinstance(value, str) and value.strip():
                return value
        return self.name


class Question(models.Model):
    """One question of a survey; once answered, its key, type and choices are fixed.

    `texts` holds per language the `label` and optional `low`/`high` scale ends
    and `placeholder`; `choices` is `[{"key": …, "texts": {lang: label}}]`;
    `condition` (`{"question": key, "op": "lte"|"gte"|"eq"|"in", "value": …}`)
    shows it only when an earlier answer matches.
    """

    class Type(models.TextChoices):
        NPS = "nps", _("Net Promoter Score (0–10)")
        CSAT = "csat", _("Satisfaction (1–5)")
        CES = "ces", _("Effort (1–7)")
        RATING = "rating", _("Star rating (1–5)")
        YES_NO = "yes_no", _("Yes or no")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(max_length=64)
    type = models.CharField(max_length=20, choices=Type.choices)
    position = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(default=False)
    texts = models.JSONField(default=dict)
    choices = models.JSONField(default=list, blank=True)
    condition = models.JSONField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["survey", "key"], name="question_unique_key"
            )
        ]
        ordering: ClassVar[list[str]] = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.survey.key}.{self.key}"

    @property
    def scale(self) -> tuple[int, int] | None:
        return SCALES.get(self.type)

    @property
    def choice_keys(self) -> list[str]:
        return [str(choice["key"]) for choice in self.choices]


SCALES: dict[str, tuple[int, int]] = {
    Question.Type.NPS: (0, 10),
    Question.Type.CSAT: (1, 5),
    Question.Type.CES: (1, 7),
    Question.Type.RATING: (1, 5),
}


def nps_band_of(score: int | None) -> str | None:
    """The NPS band of a 0–10 answer: promoter 9–10, passive 7–8, detractor 0–6."""
    if score is None:
        return None
    if score >= 9:
        return "promoter"
    return "passive" if score >= 7 else "detractor"


class Response(TenantModel):
    """One person's answers to one survey, kept from the first answer on.

    `nps`, `csat`, `ces` and `rating` copy the first answer of that type so
    metrics need no JSON parsing; `comment` joins the free-text answers.
    `context` keeps what triggered the survey (e.g. the search query).
    """

    class Channel(models.TextChoices):
        LINK = "link", _("Link")
        WIDGET = "widget", _("Website widget")
        EMAIL = "email", _("E-mail")
        API = "api", _("API")
        REVIEW = "review", _("Review")
        SOCIAL = "social", _("Social media")
        CALL = "call", _("Phone call")
        CHAT = "chat", _("Chat")
        STORE = "store", _("Store")
        IMPORT = "import", _("Import")

    response_id = models.CharField(max_length=100)
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses"
    )
    touchpoint = models.CharField(max_length=100, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    locale = models.CharField(max_length=8, blank=True)
    customer_ref = models.JSONField(default=dict, blank=True)
    # The profile `customer_ref` or `anonymous_id` resolved to, if any.
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    anonymous_id = models.CharField(max_length=100, blank=True)
    answers = models.JSONField(default=dict)
    comment = models.TextField(blank=True)
    nps = models.PositiveSmallIntegerField(null=True, blank=True)
    csat = models.PositiveSmallIntegerField(null=True, blank=True)
    ces = models.PositiveSmallIntegerField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    context = models.JSONField(default=dict, blank=True)
    # Labels the team or its rules put on the response ("refund", "vip").
    tags = models.JSONField(default=list, blank=True)
    is_complete = models.BooleanField(default=True)
    body_digest = models.CharField(max_length=64)
    submitted_at = models.DateTimeField()
    received_at = models.DateTimeField(default=now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["workspace", "response_id"],
                name="response_unique_per_workspace",
            )
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["workspace", "-submitted_at", "-id"]),
            models.Index(fields=["workspace", "survey", "-submitted_at"]),
            models.Index(fields=["customer", "-submitted_at"]),
            models.Index(fields=["workspace", "anonymous_id"]),
        ]

    def __str__(self) -> str:
        return self.response_id

    @property
    def nps_band(self) -> str | None:
        return nps_band_of(self.nps)


INVITATION_TOKEN_MAX_LENGTH = 64


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(TenantModel):
    """A personal link to one survey for one customer, e.g. in an e-mail.

    The opaque `token` (`/s/<link_key>?t=<token>`) ties the answers to
    `customer_ref` and `context` without putting any id in the link; `locale`
    picks the page's language when the link names none. An expired
    invitation no longer identifies anybody: its link answers anonymously.

    An e-mail invitation is scheduled from a trigger event (`source_event_id`,
    one invitation per event and survey) and sent once it is due and the
    governor allows it; `skip_reason` says why one was never sent.
    """

    class Status(models.TextChoices):
        CREATED = "created", _("Created")  # a link handed out by other means
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped")
        FAILED = "failed", _("Failed")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations"
    )
    token = models.CharField(
        max_length=INVITATION_TOKEN_MAX_LENGTH,
        unique=True,
        default=new_invitation_token,
    )
    customer_ref = models.JSONField(default=dict, blank=True)
    locale = models.CharField(max_length=8, choices=LOCALE_CHOICES, blank=True)
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=now)
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.CREATED
    )
    email = models.EmailField(blank=True)
    source_event_id = models.CharField(max_length=100, blank=True)
    send_after = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    skip_reason = models.CharField(max_length=40, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["survey", "source_event_id"],
                condition=~models.Q(source_event_id=""),
                name="invitation_once_per_event",
            )
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "send_after"], name="invitation_due"),
        ]

    def __str__(self) -> str:
        # Never the token: whoever reads it could answer as the customer.
        return f"Invitation {self.pk}"

    def is_expired(self, at: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= at


class InvitationCursor(models.Model):
    """The last journey event scanned for e-mail invitations, per workspace."""

    workspace = models.OneToOneField(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    last_event_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Invitation cursor of {self.workspace_id}"


class ContactPolicy(models.Model):
    """A workspace's limits on how often anybody may be asked (the governor)."""

    workspace = models.OneToOneField(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="contact_policy"
    )
    quiet_days = models.PositiveSmallIntegerField(default=14)
    per_session = models.PositiveSmallIntegerField(default=1)
    per_quarter = models.PositiveSmallIntegerField(default=3)
    quiet_hours_start = models.TimeField(null=True, blank=True, default=time(21, 0))
    quiet_hours_end = models.TimeField(null=True, blank=True, default=time(8, 0))

    def __str__(self) -> str:
        return f"Contact policy of {self.workspace_id}"


class Contact(TenantModel):
    """One time a person was asked: a widget card shown, an invitation sent.

    `person_key` is how the person is known until customer profiles exist:
    `external_id:…`, `email:…`, `phone:…` or `anonymous:…`.
    """

    person_key = models.CharField(max_length=300)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="contacts"
    )
    channel = models.CharField(max_length=16)
    session_id = models.CharField(max_length=100, blank=True)
    asked_at = models.DateTimeField(default=now)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["workspace", "person_key", "-asked_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.person_key} · {self.survey_id}"


class SurveyOptOut(TenantModel):
    """A person who asked never to be surveyed again; honoured everywhere."""

    person_key = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["workspace", "person_key"], name="optout_unique_person"
            )
        ]

    def __str__(self) -> str:
        return self.person_key
