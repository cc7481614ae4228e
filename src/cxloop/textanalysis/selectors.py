from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.errors import NotFound
from cxloop.textanalysis.models import CommentAnalysis, SentimentModel


def analysis_get(*, workspace: Workspace, response_id: int) -> CommentAnalysis:
    analysis: CommentAnalysis | None = (
        CommentAnalysis.objects.of(workspace).filter(response_id=response_id).first()
    )
    if analysis is None:
        raise NotFound(_("This response has no analysed comment."))
    return analysis


def sentiment_model_current(*, workspace: Workspace) -> SentimentModel | None:
    """The model in use: the newest trained."""
    return (
        SentimentModel.objects.of(workspace)
        .defer("blob")
        .order_by("-trained_at", "-id")
        .first()
    )
