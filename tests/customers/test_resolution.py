"""Identity resolution: one profile per person, however they are named."""

import pytest

from cxloop.accounts.models import Workspace
from cxloop.customers import services
from cxloop.customers.inputs import CustomerData, IdentitySignals, ProfileData
from cxloop.customers.models import Customer, CustomerMerge, Identity
from tests.customers import factories


def resolve(workspace: Workspace, **signals: object) -> services.ResolveResult:
    return services.customer_resolve(
        workspace=workspace,
        signals=IdentitySignals(**signals),  # type: ignore[arg-type]
        source="test",
    )


def test_the_three_estonian_spellings_of_a_number_are_one_customer(
    workspace_a: Workspace,
) -> None:
    first = resolve(workspace_a, phone="5123 4567")
    second = resolve(workspace_a, phone="+372 5123 4567")
    third = resolve(workspace_a, phone="00372 51234567")
    assert first.created
    assert not second.created and not third.created
    assert first.customer == second.customer == third.customer
    assert list(first.customer.identities.values_list("value", flat=True)) == [
        "+37251234567"
    ]


def test_a_local_number_is_read_with_the_country_of_the_address(
    workspace_a: Workspace,
) -> None:
    latvian = resolve(workspace_a, phone="2012 3456", country="LV")
    assert latvian.customer.identities.get().value == "+37120123456"
    assert resolve(workspace_a, phone="+371 20123456").customer == latvian.customer


def test_an_email_is_matched_whatever_its_case_and_spaces(
    workspace_a: Workspace,
) -> None:
    first = resolve(workspace_a, email=" Mari.Maasikas@Example.EE ")
    assert resolve(workspace_a, email="mari.maasikas@example.ee").customer == (
        first.customer
    )


def test_an_invalid_email_is_kept_unverified_reported_and_never_matched(
    workspace_a: Workspace,
) -> None:
    first = resolve(workspace_a, email="mari(at)example.ee", external_ids=("pos:7",))
    assert [(r.kind, r.raw) for r in first.rejected] == [
        ("email", "mari(at)example.ee")
    ]
    kept = first.customer.identities.get(kind="email")
    assert (kept.verified, kept.value, kept.raw) == (False, "", "mari(at)example.ee")
    assert kept.problem
    # The same bad value from someone else is not a match.
    other = resolve(workspace_a, email="mari(at)example.ee")
    assert other.created and other.customer != first.customer


def test_a_bad_phone_alone_still_gives_a_profile(workspace_a: Workspace) -> None:
    result = resolve(workspace_a, phone="12")
    assert result.created
    assert result.rejected[0].kind == "phone"
    assert not result.customer.identities.filter(verified=True).exists()


def test_a_signal_naming_two_profiles_merges_them_and_records_why(
    workspace_a: Workspace,
) -> None:
    by_email = resolve(workspace_a, email="mari@example.ee").customer
    by_phone = resolve(workspace_a, phone="+372 5123 4567").customer
    result = services.customer_resolve(
        workspace=workspace_a,
        signals=IdentitySignals(email="mari@example.ee", phone="51234567"),
        source="shopify",
        actor="shopify webhook",
    )
    assert result.customer == by_email  # the older profile survives
    assert result.merged_ids == (by_phone.pk,)
    assert set(result.customer.identities.values_list("value", flat=True)) == {
        "mari@example.ee",
        "+37251234567",
    }
    by_phone.refresh_from_db()
    assert by_phone.merged_into == by_email
    merge = CustomerMerge.objects.get()
    assert merge.merged_customer_id == by_phone.pk
    assert merge.actor == "shopify webhook"
    assert "+37251234567" in merge.reason


def test_a_merge_keeps_both_profiles_details(workspace_a: Workspace) -> None:
    one = factories.customer(
        workspace_a,
        email="mari@example.ee",
        profile=ProfileData(first_name="Mari", consent_marketing=True),
    )
    two = factories.customer(
        workspace_a,
        phone="51234567",
        profile=ProfileData(last_name="Maasikas", consent_marketing=False),
    )
    survivor = resolve(workspace_a, email="mari@example.ee", phone="51234567").customer
    assert survivor.pk == one.pk
    assert survivor.full_name == "Mari Maasikas"
    # A "no" to marketing from either profile is honoured.
    assert survivor.consent_marketing is False
    assert CustomerMerge.objects.get().snapshot["last_name"] == "Maasikas"
    assert two.pk != survivor.pk


def test_an_anonymous_visitor_who_identifies_joins_their_profile(
    workspace_a: Workspace,
) -> None:
    visitor = resolve(workspace_a, anonymous_id="anon-1").customer
    known = resolve(workspace_a, email="mari@example.ee").customer
    result = resolve(workspace_a, email="mari@example.ee", anonymous_id="anon-1")
    assert result.customer == known
    visitor.refresh_from_db()
    assert visitor.merged_into == known


def test_a_shared_browser_never_merges_two_known_people(
    workspace_a: Workspace,
) -> None:
    mari = resolve(workspace_a, email="mari@example.ee", anonymous_id="kiosk").customer
    jaan = resolve(workspace_a, email="jaan@example.ee", anonymous_id="kiosk").customer
    assert mari != jaan
    assert Customer.objects.filter(merged_into__isnull=False).count() == 0
    # The browser id stays with the person it was first seen with.
    assert resolve(workspace_a, anonymous_id="kiosk").customer == mari


def test_profiles_of_two_workspaces_never_meet(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    a = resolve(workspace_a, email="mari@example.ee").customer
    b = resolve(workspace_b, email="mari@example.ee").customer
    assert a != b
    assert b.workspace == workspace_b


def test_a_verified_value_can_belong_to_one_profile_only(
    workspace_a: Workspace,
) -> None:
    from django.db import IntegrityError, transaction

    mari = resolve(workspace_a, email="mari@example.ee").customer
    other = resolve(workspace_a, email="jaan@example.ee").customer
    with pytest.raises(IntegrityError), transaction.atomic():
        Identity.objects.create(
            workspace=workspace_a,
            customer=other,
            kind="email",
            value="mari@example.ee",
            raw="mari@example.ee",
            verified=True,
        )
    assert mari.identities.count() == 1


def test_a_shop_customer_record_fills_the_profile(workspace_a: Workspace) -> None:
    result = services.customer_upsert(
        workspace=workspace_a,
        data=CustomerData(
            source="woocommerce",
            identities=IdentitySignals(
                email="mari@example.ee", external_ids=("woocommerce:42",)
            ),
            profile=ProfileData(
                first_name="Mari",
                locale="et_EE",
                consent_surveys=True,
                timezone="Europe/Tallinn",
                preferred_channel="sms",
                preferences={"categories": ["coffee"]},
            ),
        ),
    )
    customer = result.customer
    assert (customer.first_name, customer.locale, customer.consent_surveys) == (
        "Mari",
        "et",
        True,
    )
    assert customer.consent_updated_at is not None
    assert (customer.timezone, customer.preferred_channel) == ("Europe/Tallinn", "sms")
    assert customer.preferences == {"categories": ["coffee"]}
    again = services.customer_upsert(
        workspace=workspace_a,
        data=CustomerData(
            source="woocommerce",
            identities=IdentitySignals(external_ids=("WooCommerce:42",)),
            profile=ProfileData(
                first_name=None, last_name="Maasikas", attributes={"tier": "gold"}
            ),
        ),
    )
    assert again.customer == customer
    assert again.customer.full_name == "Mari Maasikas"
    assert again.customer.preferences == {"categories": ["coffee"]}
    assert again.customer.attributes == {"tier": "gold"}


def test_batch_resolution_gives_each_signal_its_profile(
    workspace_a: Workspace,
) -> None:
    known = resolve(workspace_a, email="mari@example.ee", anonymous_id="a1").customer
    signals = [
        IdentitySignals(email="MARI@example.ee"),
        IdentitySignals(anonymous_id="a1"),
        IdentitySignals(anonymous_id="stranger"),
        None,
        IdentitySignals(email="not an email"),
        # Identifies a2 in the same batch: the anonymous event before it joins.
        IdentitySignals(anonymous_id="a2"),
        IdentitySignals(email="jaan@example.ee", anonymous_id="a2"),
    ]
    ids = services.customer_resolve_many(
        workspace=workspace_a, signals=signals, source="events"
    )
    jaan = Customer.objects.get(identities__value="jaan@example.ee")
    assert ids == [known.pk, known.pk, None, None, None, jaan.pk, jaan.pk]
    # Profiles are never created for browser ids or unreadable values alone.
    assert Customer.objects.count() == 2


def test_batch_of_known_people_costs_one_query(
    workspace_a: Workspace, django_assert_num_queries: object
) -> None:
    people = [
        resolve(workspace_a, email=f"p{n}@example.ee").customer for n in range(20)
    ]
    signals = [IdentitySignals(email=f"P{n % 20}@example.ee") for n in range(500)]
    with django_assert_num_queries(1):  # type: ignore[operator]
        ids = services.customer_resolve_many(
            workspace=workspace_a, signals=signals, source="events"
        )
    assert ids == [people[n % 20].pk for n in range(500)]
