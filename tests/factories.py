"""Plain factory functions shared by the test packages."""

from cxloop.accounts import services
from cxloop.accounts.models import Membership, User, Workspace

PASSWORD = "correct horse battery staple"


def workspace(slug: str, **fields: str) -> Workspace:
    return services.workspace_create(
        slug=slug, name=fields.pop("name", slug.title()), **fields
    )


def member(
    workspace: Workspace, email: str, role: str = Membership.Role.ADMIN, **names: str
) -> User:
    user = services.user_create(email=email, password=PASSWORD, **names)
    services.membership_add(workspace=workspace, user=user, role=role)
    return user


def secret_key(workspace: Workspace, name: str = "") -> str:
    return services.apikey_create(workspace=workspace, kind="secret", name=name).token


def public_key(workspace: Workspace, name: str = "") -> str:
    return services.apikey_create(workspace=workspace, kind="public", name=name).token
