"""The data-review flags: the daily refresh for the workbench and the monthly DingTalk check,
both queued by the maintenance pass."""

from app.jobs import handler


@handler("analytics.monthly_flags")
def monthly_flags() -> dict:
    from app.services.analytics_notice import send_monthly_flags

    return send_monthly_flags()


@handler("analytics.refresh_flags")
def refresh_flags() -> dict:
    from app.services.review_flags import refresh

    flags = refresh()  # committed by run_task with the task's state
    return {"jobs": len(flags), "flags": sum(len(f) for f in flags.values())}
