"""The HR admin API, /api/admin/v1."""


def blueprints():
    from app.api.admin.auth import blp as auth
    from app.api.admin.candidates import blp as candidates
    from app.api.admin.org import blp as org
    from app.api.admin.tasks import blp as tasks

    return [auth, org, candidates, tasks]
