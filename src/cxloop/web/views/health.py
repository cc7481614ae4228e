from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cxloop import __version__
from cxloop.worker import selectors as worker_selectors

# A worker beats every 10 seconds; a minute of silence means it is gone.
WORKER_STALE_SECONDS = 60


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: 200 while the database answers, else 503.

    The worker's state is reported, not enforced: web processes stay in
    rotation while workers restart.
    """
    database_ok = _database_ok()
    last_seen = worker_selectors.heartbeat_last_seen() if database_ok else None
    age = (timezone.now() - last_seen).total_seconds() if last_seen else None
    body = {
        "status": "ok" if database_ok else "error",
        "version": __version__,
        "database": {"ok": database_ok, "vendor": connection.vendor},
        "worker": {
            "last_heartbeat_at": last_seen.isoformat() if last_seen else None,
            "heartbeat_age_seconds": round(age, 1) if age is not None else None,
            "ok": age is not None and age < WORKER_STALE_SECONDS,
        },
    }
    return JsonResponse(body, status=200 if database_ok else 503)
