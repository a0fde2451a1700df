"""The API the WeChat mini-program calls, /api/mp/v1."""


def blueprints():
    from miniprogram_api.meta import blp as meta

    return [meta]
