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
