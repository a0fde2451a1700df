"""`python -m scoring <command> ...`: jd, answers, resume, speech, analytics."""

import sys

USAGE = "usage: python -m scoring {jd,answers,resume,speech,analytics} ...\n"


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        sys.stdout.write(USAGE)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command in {"jd", "answers"}:
        from scoring.text_cli import main as run
    elif command == "resume":
        from scoring.resume.cli import main as run
    elif command == "speech":
        from scoring.speech.cli import main as run
    elif command == "analytics":
        from scoring.analytics.cli import main as run
    else:
        sys.stderr.write(f"unknown command {command!r}\n{USAGE}")
        return 2
    return run(command, rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
