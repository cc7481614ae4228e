import pytest

from cxloop.accounts import selectors, services
from cxloop.accounts.models import User, Workspace
from cxloop.errors import Conflict, InvalidInput


def test_a_workspace_slug_is_unique(workspace_a: Workspace) -> None:
    with pytest.raises(Conflict):
        services.workspace_create(slug="shop-a")


def test_a_workspace_with_an_unknown_time_zone_is_not_created(db: None) -> None:
    with pytest.raises(InvalidInput) as error:
        services.workspace_create(slug="tz", timezone_name="Nowhere/City")
    assert error.value.field == "timezone"
    assert not Workspace.objects.filter(slug="tz").exists()


def test_a_workspace_owner_becomes_its_admin(db: None) -> None:
    owner = services.user_create(email="Owner@Example.com", password="x" * 12)
    workspace = services.workspace_create(slug="owned", owner=owner)
    assert owner.email == "owner@example.com"
    membership = selectors.membership_for(user=owner, workspace=workspace)
    assert membership is not None
    assert membership.is_admin


def test_an_email_can_belong_to_only_one_user(db: None) -> None:
    services.user_create(email="same@example.com", password="x" * 12)
    with pytest.raises(Conflict):
        services.user_create(email="SAME@example.com", password="y" * 12)


def test_a_key_is_found_by_its_shown_prefix(workspace_a: Workspace) -> None:
    issued = services.apikey_create(workspace=workspace_a, kind="public")
    found = selectors.apikey_get_by_prefix(
        workspace=workspace_a, prefix=issued.api_key.masked
    )
    assert found == issued.api_key


def test_another_workspace_cannot_find_a_key_by_prefix(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    issued = services.apikey_create(workspace=workspace_a, kind="secret")
    with pytest.raises(Exception, match="No API key"):
        selectors.apikey_get_by_prefix(
            workspace=workspace_b, prefix=issued.api_key.prefix
        )


def test_a_weak_password_is_refused_and_no_user_is_created(db: None) -> None:
    with pytest.raises(InvalidInput) as error:
        services.user_create(email="weak@example.com", password="123")
    assert error.value.field == "password"
    assert not User.objects.filter(email="weak@example.com").exists()


def test_keys_are_letters_and_digits_after_their_prefix(workspace_a: Workspace) -> None:
    for kind, prefix in (("secret", "sk_"), ("public", "pk_")):
        token = services.apikey_create(workspace=workspace_a, kind=kind).token
        assert token.startswith(prefix)
        assert token[3:].isalnum()
        assert len(token) == 35
