"""`python -m scoring resume FILE`: print the parsed resume as JSON (exit 1 if unreadable)."""

from __future__ import annotations

import argparse
import json
import sys

from scoring.resume.errors import ResumeError


def main(command: str, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m scoring {command}",
        description="Parse a resume (PDF, DOCX, PNG, JPEG, WebP) and print its fields as JSON.",
    )
    parser.add_argument("file", help="path to the resume")
    args = parser.parse_args(argv)

    from scoring.resume.extract import extract_text
    from scoring.resume.fields import parse_resume

    try:
        with open(args.file, "rb") as handle:
            data = handle.read()
        extraction = extract_text(data)
    except OSError as exc:
        sys.stderr.write(f"error: cannot read {args.file}: {exc.strerror or exc}\n")
        return 1
    except ResumeError as exc:
        sys.stderr.write(f"error: {args.file}: {exc.code}: {exc.message}\n")
        return 1
    result = parse_resume(extraction.text).to_dict()
    result["source"] = extraction.source
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0
