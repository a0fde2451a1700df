import json
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.resume.extract import extract_text
from scoring.resume.fields import parse_resume
from tests.support.resume_samples import TODAY, field_accuracy

ROOT = Path(__file__).resolve().parents[3]
CLI_KEYS = [
    "name",
    "phone",
    "email",
    "education",
    "experience",
    "years_of_experience",
    "skills",
    "source",
]


@pytest.mark.parametrize("fmt", ["text_pdf", "docx", "docx_table"])
@pytest.mark.parametrize("seed", [0, 5, 11])
def test_text_layer_formats_parse_every_field(render, fmt, seed):
    spec, data = render(seed, fmt)
    extraction = extract_text(data)
    assert extraction.source == "text"
    got = parse_resume(extraction.text, today=TODAY).to_dict()
    correct, total = field_accuracy(spec.expected(), got)
    assert correct == total, got


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "scoring", "resume", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_cli_prints_exact_json_for_a_text_pdf(render, tmp_path):
    spec, data = render(4, "text_pdf")
    path = tmp_path / "resume.pdf"
    path.write_bytes(data)
    result = _cli(str(path))
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert list(printed) == CLI_KEYS
    assert printed["source"] == "text"
    assert printed["phone"] == spec.phone and printed["name"] == spec.name
    assert list(printed["education"][0]) == ["school", "degree", "major", "start", "end"]
    assert list(printed["experience"][0]) == ["company", "title", "start", "end", "highlights"]
    assert isinstance(printed["years_of_experience"], float)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"just some text, renamed", "unsupported_type"), (b"%PDF-1.4\n\x00\x01broken", "corrupt")],
)
def test_cli_exits_non_zero_saying_why(tmp_path, content, reason):
    path = tmp_path / "resume.pdf"
    path.write_bytes(content)
    result = _cli(str(path))
    assert result.returncode != 0
    assert reason in result.stderr and result.stdout == ""


def test_cli_missing_file_exits_non_zero(tmp_path):
    result = _cli(str(tmp_path / "nope.pdf"))
    assert result.returncode != 0
    assert "No such file" in result.stderr
