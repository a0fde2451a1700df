"""Department scoping as SQL: what an HR user may see, applied inside the query (no N+1)."""

from app.models import HrUser


def sees_every_department(user: HrUser) -> bool:
    return user.role in ("admin", "recruiter")


def department_condition(user: HrUser, column):
    """None when the user sees every department; else `column IN (their departments)`."""
    if sees_every_department(user):
        return None
    return column.in_(sorted(user.department_ids) or [-1])


def scoped(query, user: HrUser, column):
    condition = department_condition(user, column)
    return query if condition is None else query.where(condition)
