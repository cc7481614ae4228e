"""Erasure of a person's data, keeping anonymised totals and scores."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks
from cxloop.customers.models import Customer, CustomerMerge, Erasure, Identity
from cxloop.errors import Conflict


@transaction.atomic
def customer_erase(
    *, workspace: Workspace, customer: Customer, actor: str, reason: str = ""
) -> Erasure:
    """Erase what identifies the person; keep what only counts.

    Identities, names, birthday, preferences and attributes go, from this
    profile and every profile merged into it, and so do merge snapshots;
    the apps below erase free text and raw references (`hooks.on_erase`).
    Orders keep their totals and lines, responses their scores. The erasure
    itself is recorded without personal data.
    """
    if customer.workspace_id != workspace.pk:
        raise Conflict(_("This profile belongs to another workspace."))
    if customer.erased_at is not None:
        raise Conflict(_("This profile has already been erased."))
    family = [customer.pk, *_merged_into(workspace, customer)]
    owned = Identity.objects.filter(customer_id__in=family)
    subject = hooks.ErasureSubject(
        customer_ids=tuple(family),
        identities=tuple(
            owned.filter(verified=True).values_list("kind", "value").order_by("pk")
        ),
    )
    summary = {"identities": owned.delete()[0], "profiles": len(family)}
    at = timezone.now()
    Customer.objects.filter(pk__in=family).update(
        first_name="",
        last_name="",
        locale="",
        timezone="",
        birthday=None,
        consent_marketing=None,
        consent_surveys=None,
        preferred_channel="",
        preferences={},
        attributes={},
        updated_at=at,
        erased_at=at,
    )
    CustomerMerge.objects.filter(survivor_id__in=family).update(snapshot={})
    summary.update(hooks.erased(workspace, subject))
    return Erasure.objects.create(
        workspace=workspace,
        customer=customer,
        actor=actor[:200],
        reason=reason[:500],
        summary=summary,
        created_at=at,
    )


def _merged_into(workspace: Workspace, customer: Customer) -> list[int]:
    return list(
        Customer.objects.of(workspace)
        .filter(merged_into=customer)
        .values_list("pk", flat=True)
    )
