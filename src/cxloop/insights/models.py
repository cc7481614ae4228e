from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Below this many answers a figure is greyed and says why (stats.MINIMUM_N).
DEFAULT_MINIMUM_N = 30
MAXIMUM_MINIMUM_N = 10_000


class InsightSettings(models.Model):
    """How a workspace wants its figures read: the answers a group needs.

    A group with fewer answers than `minimum_n` is still shown, greyed, with
    the reason; a workspace without a row uses the default.
    """

    workspace = models.OneToOneField(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    minimum_n = models.PositiveIntegerField(
        _("minimum answers per group"),
        default=DEFAULT_MINIMUM_N,
        validators=[MinValueValidator(1), MaxValueValidator(MAXIMUM_MINIMUM_N)],
        help_text=_("Groups with fewer answers are greyed out on every page."),
    )

    def __str__(self) -> str:
        return f"Insight settings of {self.workspace_id}"
