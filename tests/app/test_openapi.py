from openapi_spec_validator import validate


def test_openapi_document_is_valid_openapi_3(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert any(path.startswith("/api/admin/v1/") for path in spec["paths"])
    assert any(path.startswith("/api/mp/v1/") for path in spec["paths"])


def test_request_schema_is_in_the_document(client):
    spec = client.get("/openapi.json").get_json()
    login = spec["paths"]["/api/admin/v1/auth/login"]["post"]
    assert "requestBody" in login


def test_every_operation_documents_its_success_response(client):
    """Without a documented 2xx/3xx, a client (and the fuzz stage) reads a success as an error."""
    spec = client.get("/openapi.json").get_json()
    missing = [
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if method in ("get", "post", "put", "patch", "delete")
        and not any(code[0] in "23" for code in operation.get("responses", {}))
    ]
    assert missing == []


def test_every_date_time_goes_out_with_its_time_zone(app):
    """Naive datetimes (UTC in the database) serialised by marshmallow's own field have no
    offset, which is not an RFC 3339 date-time: every schema uses app.api.fields.DateTime."""
    from marshmallow import class_registry
    from marshmallow.fields import DateTime as PlainDateTime

    from app.api.fields import DateTime

    naive = sorted(
        f"{schema.__module__}.{schema.__name__}.{name}"
        for entries in class_registry._registry.values()
        for schema in entries
        if schema.__module__.startswith(("app.", "miniprogram_api."))
        for name, field in schema._declared_fields.items()
        if isinstance(field, PlainDateTime) and not isinstance(field, DateTime)
    )
    assert naive == []
