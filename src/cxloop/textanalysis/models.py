from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import TenantModel


class CommentAnalysis(TenantModel):
    """What a response's comment says: its language and sentiment.

    Created in the same transaction as the response it describes, so a
    comment is never left without a row that says whether it was analysed;
    the worker fills it in, retries on failure and finally records the
    failure. `versions` names the models that produced the result.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Analysed")
        FAILED = "failed", _("Failed")

    class Label(models.TextChoices):
        NEGATIVE = "negative", _("Negative")
        NEUTRAL = "neutral", _("Neutral")
        POSITIVE = "positive", _("Positive")

    response = models.OneToOneField(
        "surveys.Response", on_delete=models.CASCADE, related_name="analysis"
    )
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    language_confidence = models.FloatField(null=True, blank=True)
    language_source = models.CharField(max_length=8, blank=True)
    # No sentiment (null, blank) for an empty comment: not the same as neutral.
    sentiment_score = models.FloatField(null=True, blank=True)
    sentiment_label = models.CharField(max_length=8, choices=Label.choices, blank=True)
    versions = models.JSONField(default=dict, blank=True)
    truncated = models.BooleanField(default=False)
    complete = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)
    analysed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["status", "updated_at"]),
            models.Index(fields=["workspace", "sentiment_label"]),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}: {self.status}"


class SentimentModel(TenantModel):
    """A workspace's sentiment model, trained on its own scored comments.

    Each training adds a row; the newest is the one in use. Accuracy and
    macro-F1 are measured on a fifth of the comments held out from training.
    `blob` holds plain arrays (no pickle), see `sentiment.NgramModel`.
    """

    version = models.CharField(max_length=100)
    accuracy = models.FloatField()
    macro_f1 = models.FloatField()
    n_train = models.PositiveIntegerField()
    n_held_out = models.PositiveIntegerField()
    trained_at = models.DateTimeField(default=timezone.now)
    blob = models.BinaryField()

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["workspace", "-trained_at"])
        ]

    def __str__(self) -> str:
        return self.version
