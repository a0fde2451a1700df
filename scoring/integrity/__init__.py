"""Integrity signals for HR: near-duplicate answers (within an interview and across the
candidates of a job) and the client's signals of how an answer was produced.

Plain Python and numpy, no Flask: `fingerprint` (normalised text, shingles, MinHash),
`index` (LSH bands, all near-duplicate pairs of a batch), `duplicates` (matches confirmed on
the texts, with the passages they share), `signals` (pasted, background, impossible speed).
A flag is evidence for a human and never a decision by itself.
"""
