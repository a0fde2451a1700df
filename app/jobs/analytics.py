"""The monthly data-review check (queued by the maintenance pass, once a China month)."""

from app.jobs import handler


@handler("analytics.monthly_flags")
def monthly_flags() -> dict:
    from app.services.analytics_notice import send_monthly_flags

    return send_monthly_flags()
