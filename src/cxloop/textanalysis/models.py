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


class Topic(TenantModel):
    """A theme in a workspace's comments: discovered, or made by the team.

    `number` is the topic's stable name inside its workspace: discovery
    re-runs keep it for a topic that still exists and never give a deleted
    or merged topic's number to another one. Once a person has edited a
    topic (`curated`), discovery no longer renames or removes it.
    """

    class Origin(models.TextChoices):
        DISCOVERED = "discovered", _("Discovered")
        MANUAL = "manual", _("Made by hand")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        MERGED = "merged", _("Merged")
        DELETED = "deleted", _("Deleted")

    number = models.PositiveIntegerField()
    label = models.CharField(max_length=120)
    # Readable terms in the workspace's main language, best first.
    terms = models.JSONField(default=list, blank=True)
    # Pinned by the team: a comment containing one of them gets the topic.
    keywords = models.JSONField(default=list, blank=True)
    origin = models.CharField(
        max_length=10, choices=Origin.choices, default=Origin.DISCOVERED
    )
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    curated = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Mean embedding of the topic's comments (float32 bytes), for assignment.
    centroid = models.BinaryField(blank=True, default=b"")
    # Members' similarity to the centroid: 5th percentile and median; a
    # comment is ranked against them, never against an absolute cosine.
    assign_floor = models.FloatField(null=True, blank=True)
    assign_typical = models.FloatField(null=True, blank=True)
    # Best-matching comments per language, as response ids (never copied
    # text, so an erasure leaves nothing behind): {"et": [12, 40], ...}.
    examples = models.JSONField(default=dict, blank=True)
    # Response ids the team pinned as examples; they also shape the centroid
    # of a topic made by hand.
    pinned_examples = models.JSONField(default=list, blank=True)
    # The language `terms` are in.
    terms_language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["workspace", "number"], name="topic_number_unique"
            )
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["workspace", "status"])]

    def __str__(self) -> str:
        return f"#{self.number} {self.label}"


class TopicAssignment(TenantModel):
    """One response's comment belongs to one topic."""

    class Source(models.TextChoices):
        AUTO = "auto", _("Automatic")
        KEYWORD = "keyword", _("Keyword")
        MANUAL = "manual", _("By hand")

    response = models.ForeignKey(
        "surveys.Response", on_delete=models.CASCADE, related_name="topic_assignments"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="assignments"
    )
    # How strongly the comment matches (rank by it; not a probability).
    score = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.AUTO)
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["response", "topic"], name="topic_assignment_unique"
            )
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["workspace", "topic"])]

    def __str__(self) -> str:
        return f"{self.response_id} → {self.topic_id}"


class CommentEmbedding(TenantModel):
    """A comment's embedding, kept so discovery and re-assignment need not
    embed every comment again (tens of comments a second on a small CPU).

    `text_hash` lets a repeated text (a template, a copied review) reuse the
    vector already computed in the workspace. Derived from the comment's
    text, so an erasure deletes it with the text.
    """

    response = models.OneToOneField(
        "surveys.Response", on_delete=models.CASCADE, related_name="embedding"
    )
    model = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=32)
    # float32 bytes, L2-normalised, as the embedder returned it.
    vector = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["workspace", "text_hash"]),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}: {self.model}"


class TopicDiscovery(TenantModel):
    """One run of topic discovery in a workspace, queued to finished.

    The newest finished run's `space` (per-language mean vectors and the
    removed principal directions) is what every new comment is projected
    with before it is compared with the topics' centroids.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        FIRST = "first", _("First comments")
        GROWTH = "growth", _("New comments")
        SCHEDULE = "schedule", _("Schedule")
        REQUEST = "request", _("On request")

    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    trigger = models.CharField(max_length=8, choices=Trigger.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    n_comments = models.PositiveIntegerField(default=0)
    n_topics = models.PositiveIntegerField(default=0)
    n_new = models.PositiveIntegerField(default=0)
    details = models.JSONField(default=dict, blank=True)
    # npz bytes of the vector space (see `topics.Space`); no pickle.
    space = models.BinaryField(blank=True, default=b"")
    error = models.TextField(blank=True)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["workspace", "status", "-requested_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.workspace_id}: {self.status} ({self.trigger})"


class TopicModel(TenantModel):
    """A workspace's text-only topic model (`fasttopics.FastTopics`).

    Trained on the embedding path's assignments of the workspace's comments
    whenever discovery re-assigns them or the codebook's topic vectors
    change, so new comments get topics without the transformer. Only the
    newest row is kept. `agreement` is micro-F1 against the embedding
    assignment on held-out comments; below the bar the model is not used.
    `languages` are those it saw enough comments of. `blob` holds plain
    arrays (no pickle).
    """

    version = models.CharField(max_length=100)
    agreement = models.FloatField()
    n_train = models.PositiveIntegerField()
    languages = models.JSONField(default=list, blank=True)
    trained_at = models.DateTimeField(default=timezone.now)
    blob = models.BinaryField()

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["workspace", "-trained_at"])
        ]

    def __str__(self) -> str:
        return self.version
