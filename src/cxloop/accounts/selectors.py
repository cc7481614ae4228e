"""Reads of workspaces, members and API keys."""

import hashlib

from django.db.models import QuerySet

from cxloop import caching
from cxloop.accounts.models import ApiKey, Membership, User, Workspace
from cxloop.errors import NotFound


def token_digest(token: str) -> str:
    # API keys are 192-bit random tokens, so a fast hash is enough: there is
    # nothing to brute-force that a slow password hash would protect.
    return hashlib.sha256(token.encode()).hexdigest()


def workspace_get(*, slug: str) -> Workspace:
    try:
        return Workspace.objects.get(slug=slug)
    except Workspace.DoesNotExist as error:
        raise NotFound(
            f"No workspace with slug {slug!r}.", field="workspace"
        ) from error


def workspace_list_for_user(*, user: User) -> QuerySet[Workspace]:
    return Workspace.objects.filter(memberships__user=user).order_by("name")


def membership_for(*, user: User, workspace: Workspace) -> Membership | None:
    return (
        Membership.objects.filter(user=user, workspace=workspace)
        .select_related("workspace")
        .first()
    )


def membership_first(*, user: User) -> Membership | None:
    return (
        Membership.objects.filter(user=user)
        .select_related("workspace")
        .order_by("created_at", "pk")
        .first()
    )


def membership_list(*, workspace: Workspace) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email")
    )


def membership_get(*, workspace: Workspace, pk: int) -> Membership:
    try:
        return membership_list(workspace=workspace).get(pk=pk)
    except Membership.DoesNotExist as error:
        raise NotFound("No such member.") from error


def admin_count(*, workspace: Workspace) -> int:
    return Membership.objects.filter(
        workspace=workspace, role=Membership.Role.ADMIN
    ).count()


def apikey_list(*, workspace: Workspace) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(workspace=workspace).order_by("-created_at", "-pk")


def apikey_get(*, workspace: Workspace, pk: int) -> ApiKey:
    try:
        return apikey_list(workspace=workspace).get(pk=pk)
    except ApiKey.DoesNotExist as error:
        raise NotFound("No such API key.") from error


def apikey_get_by_prefix(*, workspace: Workspace, prefix: str) -> ApiKey:
    """The key whose shown prefix is `prefix` (with or without the ellipsis)."""
    prefix = prefix.rstrip("…").rstrip(".")
    try:
        return apikey_list(workspace=workspace).get(prefix=prefix)
    except ApiKey.DoesNotExist as error:
        raise NotFound(f"No API key with prefix {prefix!r}.") from error


# Every API request authenticates; reading the key (and its workspace) once
# per process every few seconds instead saves a query on each request. A key
# revoked in another process stops working within these seconds.
KEY_CACHE_SECONDS = 5
_keys: caching.TtlCache[str, ApiKey] = caching.ttl_cache(seconds=KEY_CACHE_SECONDS)


def apikey_authenticate(*, token: str) -> ApiKey | None:
    """`apikey_find` for the hot path: the same answer, cached for a few seconds."""
    digest = token_digest(token)
    cached = _keys.get(digest)
    if cached is not None:
        return cached
    found = apikey_find(token=token)
    if found is not None:
        _keys.put(digest, found)
    return found


def apikey_forget(*, digest: str | None = None) -> None:
    """Drop cached keys (one, or all after a workspace changed) in this process."""
    if digest is None:
        _keys.clear()
    else:
        _keys.discard(digest)


def apikey_find(*, token: str) -> ApiKey | None:
    """The key a bearer token names, revoked or not; None if it names none."""
    return (
        ApiKey.objects.filter(digest=token_digest(token))
        .select_related("workspace")
        .first()
    )
