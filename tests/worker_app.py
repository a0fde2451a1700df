"""The app a test worker process runs: the test database and Redis, like the test session."""

import json
import os

from app import create_app
from tests.support import tasks  # noqa: F401 - registers the task kinds only tests submit

app = create_app(
    {
        "APP_ENV": "test",
        "SQLALCHEMY_DATABASE_URI": os.environ["TEST_DATABASE_URL"],
        "REDIS_URL": os.environ["TEST_REDIS_URL"],
        "STORAGE_DIR": os.environ["TEST_STORAGE_DIR"],
        **json.loads(os.environ.get("TEST_APP_CONFIG", "{}")),
    }
)
