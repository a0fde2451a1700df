"""Resume intake benchmark: text-layer throughput, OCR seconds per page on one core, and the
resident memory of a process with and without the OCR engine.

    .venv/bin/python bench/bench_resume.py [--resumes 100] [--ocr-pages 6] [--ocr-resumes 12]

The OCR and memory figures come from fresh child processes (OCR_THREADS=1, OMP_NUM_THREADS=1)
so one measurement cannot warm or bloat the next.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_TEXT_PER_S = 50.0
TARGET_OCR_S_PER_PAGE = 1.5


def _rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size in MB, from /proc."""
    status = Path("/proc/self/status").read_text()
    values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(values["VmRSS"].split()[0]) / 1024, int(values["VmHWM"].split()[0]) / 1024


def child_baseline() -> dict:
    import scoring.resume.extract  # noqa: F401  - what the web process imports
    import scoring.resume.fields  # noqa: F401

    rss, peak = _rss_mb()
    return {"rss_mb": rss, "peak_mb": peak}


def child_ocr(pages: int) -> dict:
    from scoring.resume.extract import render_pdf
    from scoring.resume.ocr import get_ocr_engine, ocr_image
    from tests.support.resume_render import to_scanned_pdf
    from tests.support.resume_samples import layout_lines, make_spec

    images = []
    seed = 0
    while len(images) < pages + 1:
        images.extend(render_pdf(to_scanned_pdf(layout_lines(make_spec(seed)))))
        seed += 1
    start = time.perf_counter()
    get_ocr_engine()
    load_s = time.perf_counter() - start
    loaded_rss, _ = _rss_mb()
    start = time.perf_counter()
    ocr_image(images[0])  # the first call builds Paddle's kernels for this process
    first_s = time.perf_counter() - start
    cpu0, start = time.process_time(), time.perf_counter()
    lines = 0
    for image in images[1 : pages + 1]:
        lines += len(ocr_image(image))
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    rss, peak = _rss_mb()
    return {
        "load_s": load_s,
        "first_page_s": first_s,
        "s_per_page": wall / pages,
        "cpu_s_per_page": cpu / pages,
        "cores_used": cpu / wall,
        "pages": pages,
        "lines": lines,
        "size": list(images[1].size),
        "rss_loaded_mb": loaded_rss,
        "rss_mb": rss,
        "peak_mb": peak,
    }


def child_ocr_accuracy(count: int) -> dict:
    """Field accuracy through real OCR: PNG, scanned PDF and garbage-text-layer PDF in turn."""
    from scoring.resume.extract import extract_text
    from scoring.resume.fields import parse_resume
    from tests.support.resume_render import to_garbage_pdf, to_png, to_scanned_pdf
    from tests.support.resume_samples import TODAY, field_accuracy, layout_lines, make_spec

    renderers = (to_png, to_scanned_pdf, to_garbage_pdf)
    correct = total = 0
    for seed in range(1000, 1000 + count):
        spec = make_spec(seed)
        extraction = extract_text(renderers[seed % 3](layout_lines(spec)))
        got = parse_resume(extraction.text, today=TODAY).to_dict()
        c, t = field_accuracy(spec.expected(), got)
        correct, total = correct + c, total + t
    return {"accuracy": correct / total, "count": count}


def _run_child(*args: str) -> dict:
    env = dict(os.environ, OCR_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=900,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_text(count: int) -> dict:
    from scoring.resume.extract import extract_text
    from scoring.resume.fields import parse_resume
    from tests.support.resume_render import to_docx, to_text_pdf
    from tests.support.resume_samples import TODAY, field_accuracy, layout_lines, make_spec

    files = []
    for seed in range(count):
        spec = make_spec(seed)
        render = to_text_pdf if seed % 2 == 0 else to_docx
        files.append((spec, render(layout_lines(spec))))
    correct = total = 0
    start, cpu0 = time.perf_counter(), time.process_time()
    parsed = [parse_resume(extract_text(data).text, today=TODAY).to_dict() for _, data in files]
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu0
    for (spec, _), got in zip(files, parsed, strict=True):
        c, t = field_accuracy(spec.expected(), got)
        correct, total = correct + c, total + t
    return {
        "per_s": count / elapsed,
        "per_cpu_s": count / cpu,
        "count": count,
        "accuracy": correct / total,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resumes", type=int, default=100)
    parser.add_argument("--ocr-pages", type=int, default=6)
    parser.add_argument("--ocr-resumes", type=int, default=12)
    parser.add_argument("--child", choices=["baseline", "ocr", "ocr-accuracy"])
    args = parser.parse_args()
    if args.child == "baseline":
        print(json.dumps(child_baseline()))
        return
    if args.child == "ocr":
        print(json.dumps(child_ocr(args.ocr_pages)))
        return
    if args.child == "ocr-accuracy":
        print(json.dumps(child_ocr_accuracy(args.ocr_resumes)))
        return

    text = bench_text(args.resumes)
    base = _run_child("--child", "baseline")
    ocr = _run_child("--child", "ocr", "--ocr-pages", str(args.ocr_pages))
    ocr_acc = _run_child("--child", "ocr-accuracy", "--ocr-resumes", str(args.ocr_resumes))
    rows = [
        (
            "text-layer resumes/s, wall (PDF+DOCX, extract+parse)",
            f"{text['per_s']:.1f}",
            f">= {TARGET_TEXT_PER_S:.0f}",
            text["per_s"] / TARGET_TEXT_PER_S,
        ),
        (
            "text-layer resumes per CPU second",
            f"{text['per_cpu_s']:.1f}",
            f">= {TARGET_TEXT_PER_S:.0f}",
            text["per_cpu_s"] / TARGET_TEXT_PER_S,
        ),
        (
            "field accuracy on those resumes",
            f"{text['accuracy']:.1%}",
            ">= 95%",
            text["accuracy"] / 0.95,
        ),
        (
            f"OCR s/page, wall, 1 thread ({ocr['size'][0]}x{ocr['size'][1]} px page)",
            f"{ocr['s_per_page']:.2f}",
            f"<= {TARGET_OCR_S_PER_PAGE}",
            TARGET_OCR_S_PER_PAGE / ocr["s_per_page"],
        ),
        (
            "OCR CPU s/page (one core)",
            f"{ocr['cpu_s_per_page']:.2f}",
            f"<= {TARGET_OCR_S_PER_PAGE}",
            TARGET_OCR_S_PER_PAGE / ocr["cpu_s_per_page"],
        ),
        (
            f"field accuracy through OCR ({ocr_acc['count']} PNG/scan/garbage-PDF resumes)",
            f"{ocr_acc['accuracy']:.1%}",
            ">= 95%",
            ocr_acc["accuracy"] / 0.95,
        ),
        ("OCR first page in a process (s)", f"{ocr['first_page_s']:.2f}", "-", None),
        ("OCR engine load + warm-up (s)", f"{ocr['load_s']:.2f}", "-", None),
        ("CPU cores used during OCR (1.0 = no contention)", f"{ocr['cores_used']:.2f}", "1", None),
        ("RSS without OCR engine (MB)", f"{base['rss_mb']:.0f}", "-", None),
        ("RSS with OCR engine loaded (MB)", f"{ocr['rss_loaded_mb']:.0f}", "-", None),
        ("RSS after OCR / peak (MB)", f"{ocr['rss_mb']:.0f} / {ocr['peak_mb']:.0f}", "-", None),
    ]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall figures suffer)")
    print(f"{'metric':52} {'measured':>14} {'target':>10} {'ratio':>7}")
    for name, value, target, ratio in rows:
        shown = f"{ratio:.2f}x" if ratio is not None else ""
        print(f"{name:52} {value:>14} {target:>10} {shown:>7}")
    print(
        f"(bench process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB;"
        " ratio > 1 means the target is met)"
    )


if __name__ == "__main__":
    main()
