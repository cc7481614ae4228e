"""Writes of workspaces, users, memberships and API keys."""

import copy
import secrets
import string
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from cxloop.accounts import hooks, selectors
from cxloop.accounts.models import (
    LOCALE_CHOICES,
    ApiKey,
    Membership,
    User,
    Workspace,
)
from cxloop.errors import Conflict, DomainError, InvalidInput

KEY_PREFIXES = {ApiKey.Kind.SECRET: "sk_", ApiKey.Kind.PUBLIC: "pk_"}
SHOWN_PREFIX_LENGTH = 8
# Letters and digits only (no "-" or "_"): easy to select with a double
# click; 32 of 62 symbols is 190 bits.
KEY_ALPHABET = string.ascii_letters + string.digits
KEY_LENGTH = 32
# Writing last_used_at on every request would turn each API read into a
# write; once a minute is precise enough for "last used".
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _raise_first_validation_error(error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        raise InvalidInput(f"{field}: {errors[0].messages[0]}", field=field) from error
    raise InvalidInput(error.messages[0]) from error


@transaction.atomic
def workspace_create(
    *,
    slug: str,
    name: str = "",
    default_locale: str = "en",
    timezone_name: str = "Europe/Tallinn",
    phone_region: str = "EE",
    owner: User | None = None,
) -> Workspace:
    """A new workspace; `owner`, when given, becomes its first admin."""
    if Workspace.objects.filter(slug=slug).exists():
        raise Conflict(_("A workspace with this slug already exists."), field="slug")
    workspace = Workspace(
        slug=slug,
        name=name or slug.replace("-", " ").title(),
        default_locale=default_locale,
        timezone=timezone_name,
        phone_region=phone_region.upper(),
    )
    try:
        workspace.full_clean()
    except ValidationError as error:
        _raise_first_validation_error(error)
    workspace.save()
    hooks.workspace_created(workspace)
    if owner is not None:
        membership_add(workspace=workspace, user=owner, role=Membership.Role.ADMIN)
    return workspace


@transaction.atomic
def workspace_update(
    *,
    workspace: Workspace,
    name: str,
    default_locale: str,
    timezone_name: str,
    phone_region: str,
    allowed_origins: list[str] | None = None,
) -> Workspace:
    """Change a workspace's settings; a refused change leaves it untouched.

    The instance may be the one the auth cache hands to every request of a
    key, so the new values are checked on a copy and copied back only once
    they passed.
    """
    changed = copy.copy(workspace)
    changed.name = name
    changed.default_locale = default_locale
    changed.timezone = timezone_name
    changed.phone_region = phone_region.upper()
    if allowed_origins is not None:
        changed.allowed_origins = [_origin(value) for value in allowed_origins]
    try:
        changed.full_clean()
    except ValidationError as error:
        _raise_first_validation_error(error)
    fields = ["name", "default_locale", "timezone", "phone_region", "allowed_origins"]
    for field in fields:
        setattr(workspace, field, getattr(changed, field))
    workspace.save(update_fields=fields)
    # Keys carry their workspace in the auth cache: let them see the change,
    # here at once and again after commit (a request in between may have
    # cached the old row).
    selectors.apikey_forget()
    transaction.on_commit(selectors.apikey_forget)
    return workspace


def _origin(value: str) -> str:
    """A website origin as browsers send it: scheme://host[:port], no path."""
    parsed = urlsplit(value.strip())
    if (
        parsed.scheme not in ("http", "https")
        or not parsed.hostname
        or parsed.path not in ("", "/")
        or parsed.query
        or parsed.fragment
    ):
        raise InvalidInput(
            _("%(value)s is not a website origin such as https://shop.example.")
            % {"value": value.strip()[:100]},
            field="allowed_origins",
        )
    return f"{parsed.scheme}://{parsed.netloc}".lower()


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
) -> User:
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email=email).exists():
        raise Conflict(
            _("A user with this e-mail address already exists."), field="email"
        )
    if password is not None:
        try:
            validate_password(password, User(email=email))
        except ValidationError as error:
            raise InvalidInput(" ".join(error.messages), field="password") from error
    try:
        return User.objects.create_user(
            email, password, first_name=first_name, last_name=last_name
        )
    except ValidationError as error:
        _raise_first_validation_error(error)
        raise  # unreachable: keeps the type checker sure of the return


@transaction.atomic
def user_profile_update(
    *, user: User, first_name: str, last_name: str, language: str
) -> User:
    """What a person may change about themselves: their name and language.

    `language` blank means each workspace's default language.
    """
    if language and language not in dict(LOCALE_CHOICES):
        raise InvalidInput(_("Choose one of the languages offered."), field="language")
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.language = language
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        _raise_first_validation_error(error)
    user.save(update_fields=["first_name", "last_name", "language"])
    return user


@transaction.atomic
def membership_add(*, workspace: Workspace, user: User, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if Membership.objects.filter(workspace=workspace, user=user).exists():
        raise Conflict(_("This person is already a member."), field="email")
    membership = Membership(workspace=workspace, user=user, role=role)
    membership.full_clean()
    membership.save()
    return membership


@dataclass(frozen=True)
class Invitation:
    membership: Membership
    set_password_path: str | None


@transaction.atomic
def member_invite(
    *,
    workspace: Workspace,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    invited_by: User,
    base_url: str,
) -> Invitation:
    """Add a person to the workspace, creating their account if needed.

    A new account gets no password; the invitation e-mail (sent after the
    transaction commits) carries a one-time link to choose one.
    """
    normalized = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email=normalized).first()
    created = user is None
    if user is None:
        user = user_create(
            email=normalized, password=None, first_name=first_name, last_name=last_name
        )
    membership = membership_add(workspace=workspace, user=user, role=role)
    path = _set_password_path(user) if created else None
    link = f"{base_url}{path}" if path else f"{base_url}/app/"
    subject = _("%(name)s invited you to %(workspace)s on cxloop") % {
        "name": invited_by,
        "workspace": workspace.name,
    }
    body = _(
        "%(name)s added you to the workspace %(workspace)s as %(role)s.\n\n"
        "Open cxloop: %(link)s\n"
    ) % {
        "name": invited_by,
        "workspace": workspace.name,
        "role": membership.get_role_display(),
        "link": link,
    }
    transaction.on_commit(
        lambda: send_mail(subject, body, None, [user.email], fail_silently=True)
    )
    return Invitation(membership=membership, set_password_path=path)


def _set_password_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"/password/reset/{uid}/{token}/"


def _ensure_an_admin_remains(membership: Membership) -> None:
    if (
        membership.role == Membership.Role.ADMIN
        and selectors.admin_count(workspace=membership.workspace) <= 1
    ):
        raise DomainError(
            _("A workspace needs at least one admin; make someone else admin first."),
            field="role",
        )


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if role != Membership.Role.ADMIN:
        _ensure_an_admin_remains(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    _ensure_an_admin_remains(membership)
    membership.delete()


@dataclass(frozen=True)
class IssuedKey:
    """A new key: `token` is the only time the whole secret exists in clear."""

    api_key: ApiKey
    token: str


@transaction.atomic
def apikey_create(
    *,
    workspace: Workspace,
    kind: str,
    name: str = "",
    created_by: User | None = None,
) -> IssuedKey:
    if kind not in ApiKey.Kind.values:
        raise DomainError(_("Kind must be secret or public."), field="kind")
    token = KEY_PREFIXES[ApiKey.Kind(kind)] + "".join(
        secrets.choice(KEY_ALPHABET) for _position in range(KEY_LENGTH)
    )
    api_key = ApiKey(
        workspace=workspace,
        kind=kind,
        name=name.strip(),
        prefix=token[: 3 + SHOWN_PREFIX_LENGTH],
        digest=selectors.token_digest(token),
        created_by=created_by,
    )
    api_key.full_clean()
    api_key.save()
    return IssuedKey(api_key=api_key, token=token)


@transaction.atomic
def apikey_register(
    *, workspace: Workspace, token: str, kind: str, name: str = ""
) -> ApiKey:
    """Store a key whose token was made elsewhere (e.g. derived by the demo).

    Idempotent: registering the same token again returns the stored key.
    """
    prefix = KEY_PREFIXES.get(ApiKey.Kind(kind)) if kind in ApiKey.Kind.values else None
    body = token[len(prefix) :] if prefix and token.startswith(prefix) else ""
    if len(body) != KEY_LENGTH or any(c not in KEY_ALPHABET for c in body):
        raise DomainError(_("This is not a well-formed key."), field="token")
    api_key, _created = ApiKey.objects.get_or_create(
        digest=selectors.token_digest(token),
        defaults={
            "workspace": workspace,
            "kind": kind,
            "name": name.strip(),
            "prefix": token[: 3 + SHOWN_PREFIX_LENGTH],
        },
    )
    return api_key


@transaction.atomic
def apikey_revoke(*, api_key: ApiKey) -> ApiKey:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    selectors.apikey_forget(digest=api_key.digest)
    # Again after commit: a request in between may have cached the live key.
    transaction.on_commit(partial(selectors.apikey_forget, digest=api_key.digest))
    return api_key


def apikey_touch(*, api_key: ApiKey) -> None:
    """Record that the key was used, at most once per minute."""
    now = timezone.now()
    if api_key.last_used_at and now - api_key.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now
