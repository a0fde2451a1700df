"""Generated resumes in every format, built once per session (rendering fonts is the slow part)."""

import pytest

from tests.support.resume_render import (
    to_docx,
    to_garbage_pdf,
    to_png,
    to_scanned_pdf,
    to_text_pdf,
    to_two_column_png,
)
from tests.support.resume_samples import TODAY, layout_lines, make_spec

RENDERERS = {
    "text_pdf": to_text_pdf,
    "docx": to_docx,
    "docx_table": lambda lines: to_docx(lines, table_header=True),
    "png": to_png,
    "scanned_pdf": to_scanned_pdf,
    "garbage_pdf": to_garbage_pdf,
    "two_column_png": to_two_column_png,
}


@pytest.fixture(scope="session")
def today():
    return TODAY


@pytest.fixture(scope="session")
def render():
    """render(seed, fmt) -> (spec, bytes), cached per session."""
    cache = {}

    def build(seed: int, fmt: str):
        if (seed, fmt) not in cache:
            spec = make_spec(seed)
            cache[(seed, fmt)] = (spec, RENDERERS[fmt](layout_lines(spec)))
        return cache[(seed, fmt)]

    return build
