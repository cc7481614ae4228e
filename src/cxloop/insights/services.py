"""Writes of the insights app: the workspace's settings for its figures."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.errors import InvalidInput
from cxloop.insights.models import InsightSettings


@transaction.atomic
def insight_settings_update(*, workspace: Workspace, minimum_n: int) -> InsightSettings:
    """Set the answers a group needs before pages trust its figure."""
    found, _created = InsightSettings.objects.select_for_update().get_or_create(
        workspace=workspace
    )
    found.minimum_n = minimum_n
    try:
        found.full_clean()
    except ValidationError as error:
        raise InvalidInput(
            _("The minimum must be a whole number from 1 to 10,000."),
            field="minimum_n",
        ) from error
    found.save(update_fields=["minimum_n"])
    return found
