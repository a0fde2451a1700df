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
