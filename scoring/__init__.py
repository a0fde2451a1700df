"""The domain core: JD parsing, resumes, speech, answer scoring, hints, reports, analytics.

Plain Python with no Flask and no database; dataclasses in, dataclasses out.
"""
