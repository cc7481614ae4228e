import zoneinfo
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager

LOCALE_CHOICES = [
    ("en", _("English")),
    ("et", _("Estonian")),
    ("lv", _("Latvian")),
    ("fi", _("Finnish")),
    ("lt", _("Lithuanian")),
]


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone."), code="invalid_timezone")


class UserManager(BaseUserManager["User"]):
    """Users sign in with their e-mail address; there is no separate username."""

    use_in_migrations = True

    def create_user(
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in to the dashboard: an admin, analyst or agent."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    # The language of the e-mails this person gets (and of the dashboard
    # unless they pick another there); blank: each workspace's own.
    language = models.CharField(
        _("language"), max_length=8, choices=LOCALE_CHOICES, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    if TYPE_CHECKING:
        memberships: RelatedManager["Membership"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def language_in(self, workspace: "Workspace") -> str:
        """The language to write to this person in, about `workspace`."""
        return self.language or workspace.default_locale


class Workspace(models.Model):
    """A tenant: one business and everything it collects, owns and acts on."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    default_locale = models.CharField(
        _("default language"), max_length=8, choices=LOCALE_CHOICES, default="en"
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Tallinn",
        validators=[validate_timezone],
    )
    phone_region = models.CharField(
        _("default phone region"),
        max_length=2,
        default="EE",
        validators=[
            RegexValidator(r"^[A-Z]{2}$", _("Use a two-letter country code, e.g. EE."))
        ],
        help_text=_("Country used to read phone numbers written without +prefix."),
    )
    allowed_origins = models.JSONField(
        _("allowed website origins"),
        default=list,
        blank=True,
        help_text=_(
            "Websites (e.g. https://shop.example) where the public key may be used. "
            "Empty: any website."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("workspace")

    def __str__(self) -> str:
        return self.name

    def allows_origin(self, origin: str) -> bool:
        """Whether a browser on `origin` may use this workspace's public key."""
        allowed = [str(item).rstrip("/").lower() for item in self.allowed_origins]
        return not allowed or origin.rstrip("/").lower() in allowed


class Membership(models.Model):
    """A user's role in one workspace."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        ANALYST = "analyst", _("Analyst")
        AGENT = "agent", _("Agent")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "workspace"], name="membership_unique_user_workspace"
            )
        ]
        ordering = ["workspace__name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} · {self.workspace} · {self.role}"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class ApiKey(models.Model):
    """A credential for one workspace's API; only its SHA-256 digest is stored.

    Secret keys (`sk_…`) may do everything in their workspace; public keys
    (`pk_…`) are safe to ship to browsers and may only post events and
    responses and ask which survey to show.
    """

    class Kind(models.TextChoices):
        SECRET = "secret", _("Secret")
        PUBLIC = "public", _("Public")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="api_keys"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=now)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")

    def __str__(self) -> str:
        return self.masked

    @property
    def masked(self) -> str:
        """What may be shown of the key after creation: its prefix only."""
        return f"{self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def is_secret(self) -> bool:
        return self.kind == self.Kind.SECRET


class TenantQuerySet(models.QuerySet[Any]):
    """The one way into a tenant-owned table: always through a workspace."""

    def of(self, workspace: Workspace) -> "TenantQuerySet":
        return self.filter(workspace=workspace)


class TenantModel(models.Model):
    """Base for every domain row that belongs to one workspace.

    Domain apps inherit from it so that scoping is uniform: selectors start
    from `Model.objects.of(workspace)` and never from an unscoped manager.
    """

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="+"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
