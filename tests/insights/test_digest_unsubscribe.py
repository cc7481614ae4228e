"""The digest's unsubscribe link: one click, no login, tamper-proof."""

import pytest
from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.insights import digest
from cxloop.insights.models import DigestOptOut


def _link(workspace: Workspace, user: User, kind: str = "weekly") -> str:
    token = digest.unsubscribe_token(workspace=workspace, user=user, kind=kind)
    return f"/digest/unsubscribe/{token}"


def _opted_out(workspace: Workspace, user: User, kind: str = "weekly") -> bool:
    return DigestOptOut.objects.filter(
        workspace=workspace, user=user, kind=kind
    ).exists()


def test_the_link_unsubscribes_at_once_without_logging_in(
    client: Client, workspace_a: Workspace, ada: User, ben: User
) -> None:
    response = client.get(_link(workspace_a, ada))

    assert response.status_code == 200
    page = response.content.decode()
    assert "ada@shop-a.example will no longer get the weekly digest of Shop A" in page
    assert _opted_out(workspace_a, ada)
    assert not _opted_out(workspace_a, ada, "daily")  # only the one it names
    assert not _opted_out(workspace_a, ben)
    recipients = digest.digest_recipients(workspace=workspace_a, kind="weekly")
    assert [recipient.user.pk for recipient in recipients] == [ben.pk]


def test_clicking_twice_is_harmless_and_a_head_request_changes_nothing(
    client: Client, workspace_a: Workspace, ada: User
) -> None:
    link = _link(workspace_a, ada)

    assert client.head(link).status_code == 200
    assert not _opted_out(workspace_a, ada)  # link checkers look with HEAD
    assert client.get(link).status_code == 200
    assert client.get(link).status_code == 200
    assert DigestOptOut.objects.count() == 1


def test_a_mail_program_s_one_click_post_unsubscribes(
    workspace_a: Workspace, ada: User
) -> None:
    # RFC 8058: the mail program posts this body, with no form of ours.
    client = Client(enforce_csrf_checks=True)

    response = client.post(_link(workspace_a, ada), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert _opted_out(workspace_a, ada)


def test_the_page_subscribes_again_with_one_button(
    client: Client, workspace_a: Workspace, ada: User
) -> None:
    link = _link(workspace_a, ada, "daily")
    client.get(link)

    response = client.post(link, {"action": "subscribe"})

    assert "will get the daily digest of rule signals from Shop A again" in (
        response.content.decode()
    )
    assert not _opted_out(workspace_a, ada, "daily")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[: len(token) // 2],
        lambda token: "not-a-token",
        lambda token: token.replace(
            token.split(":")[0], "eyJ3IjoxLCJ1Ijo5OSwiayI6IndlZWtseSJ9"
        ),
    ],
    ids=["signature", "cut-short", "garbage", "other-payload"],
)
def test_a_tampered_link_is_refused_and_changes_nothing(
    client: Client, workspace_a: Workspace, ada: User, tamper: object
) -> None:
    token = digest.unsubscribe_token(workspace=workspace_a, user=ada, kind="weekly")

    response = client.get(f"/digest/unsubscribe/{tamper(token)}")  # type: ignore[operator]

    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert not DigestOptOut.objects.exists()


def test_cleo_cannot_turn_her_own_link_into_ada_s(
    client: Client,
    workspace_a: Workspace,
    ada: User,
    cleo: User,
    workspace_b: Workspace,
) -> None:
    token = digest.unsubscribe_token(workspace=workspace_b, user=cleo, kind="weekly")
    payload, signature = token.split(":")
    forged_payload = digest.unsubscribe_token(
        workspace=workspace_a, user=ada, kind="weekly"
    ).split(":")[0]
    client.force_login(cleo)

    response = client.get(f"/digest/unsubscribe/{forged_payload}:{signature}")

    assert response.status_code == 400
    assert not _opted_out(workspace_a, ada)


def test_the_page_speaks_the_recipient_s_language(
    client: Client, workspace_a: Workspace, ada: User
) -> None:
    ada.language = "et"
    ada.save(update_fields=["language"])

    response = client.get(_link(workspace_a, ada))

    assert "Olete tellimusest loobunud" in response.content.decode()
    assert response["Content-Language"] == "et"
