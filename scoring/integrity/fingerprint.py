"""Fingerprints of answers: normalised text, character shingles and MinHash signatures.

Near-duplicate answers are found by the Jaccard similarity of their character n-gram sets. A
MinHash signature estimates it from 128 small integers, so answers can be compared (and indexed,
see `scoring.integrity.index`) without their text. Signatures use one-permutation hashing with
rotation densification (Shrivastava & Li, 2014): one hash per shingle instead of one per shingle
and permutation, which is what lets 100,000 answers be fingerprinted in about a second.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SHINGLE = 4  # characters per shingle, chosen on the tuning batch (bench/bench_integrity.py)
SLOTS = 128  # signature length; the bins of one-permutation hashing
MIN_CHARS = 20  # normalised characters below which an answer is too short to judge
EMPTY = np.uint32(0xFFFFFFFF)

# Normalisation works on code points in numpy, for all answers at once. Classes of a character:
_DROP, _KEEP, _DIGIT, _NUMERAL = 0, 1, 2, 3
_CLASS = np.zeros(0x10000, dtype=np.uint8)
_CLASS[0x3400:0xA000] = _KEEP  # CJK ideographs
_CLASS[ord("a") : ord("z") + 1] = _KEEP
_CLASS[ord("0") : ord("9") + 1] = _DIGIT
# Figures are the first thing an editor changes when copying an answer: every run of digits, and
# every run of two or more Chinese numerals, becomes "0", so "提升了35%" and "提升了40%" agree.
for _ch in "〇零一二两三四五六七八九十百千万亿":
    _CLASS[ord(_ch)] = _NUMERAL
# Punctuation, spaces and hesitation sounds carry nothing of what was said; a typed copy and a
# spoken transcript of the same text differ in exactly these.
for _ch in "嗯呃啊哦噢额":
    _CLASS[ord(_ch)] = _DROP
# Full-width letters and digits to ASCII, upper case to lower (what NFKC and lower() do here).
_FOLD = np.arange(0x10000, dtype=np.uint16)
_FOLD[0xFF01:0xFF5F] -= 0xFEE0
_FOLD[ord("A") : ord("Z") + 1] += 32
_FOLD[0xFF21:0xFF3B] = np.arange(ord("a"), ord("z") + 1)

_SLOT_BITS = SLOTS.bit_length() - 1
_ROTATE = np.uint32(0x9E3779B1)  # added per step when an empty bin borrows a neighbour


def _normalised(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The kept code points of all texts, end to end (uint16), and each text's share of them."""
    joined = "".join(texts)
    codes = np.frombuffer(joined.encode("utf-16-le"), dtype=np.uint16)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    if len(codes) != len(joined):  # characters beyond the BMP (emoji) take two code units
        lengths = np.fromiter(
            (len(t.encode("utf-16-le")) // 2 for t in texts), dtype=np.int64, count=len(texts)
        )
    if not len(codes):
        return codes, np.zeros(len(texts), dtype=np.int64)
    codes = _FOLD[codes]
    cls = _CLASS[codes]  # surrogate halves (emoji) fall in the _DROP class
    ends = np.cumsum(lengths)
    first = np.zeros(len(codes) + 1, dtype=bool)
    first[ends - lengths] = True  # first character of a text
    same_as_prev = np.empty(len(codes), dtype=bool)
    same_as_prev[0] = False
    np.equal(cls[1:], cls[:-1], out=same_as_prev[1:])
    same_as_prev &= ~first[:-1]
    same_as_next = np.empty(len(codes), dtype=bool)
    same_as_next[:-1] = same_as_prev[1:]
    same_as_next[-1] = False
    number = (cls >= _DIGIT) & ~same_as_prev  # first character of a run of figures
    number &= (cls == _DIGIT) | same_as_next  # one numeral alone (一个) is a word
    codes[number] = ord("0")
    keep = cls == _KEEP
    keep |= number
    keep |= (cls == _NUMERAL) & ~same_as_prev & ~same_as_next
    kept = np.concatenate(([0], np.cumsum(keep)))
    return codes[keep], kept[ends] - kept[ends - lengths]


def normalise(text: str) -> str:
    codes, _ = _normalised([text or ""])
    return codes.astype("<u4").tobytes().decode("utf-32-le")


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads codes over all 64 bits (wrapping arithmetic)."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _shingle_hashes(codes: np.ndarray) -> np.ndarray:
    """64-bit hash of every 4-character window: the window's four 16-bit codes, multiplied and
    folded (windows crossing from one text into the next are dropped by the caller)."""
    c = codes.astype(np.uint64)
    m = len(c) - SHINGLE + 1
    x = (c[:m] << np.uint64(48)) | (c[1 : m + 1] << np.uint64(32))
    x |= (c[2 : m + 2] << np.uint64(16)) | c[3 : m + 3]
    x *= np.uint64(0x9E3779B97F4A7C15)
    x ^= x >> np.uint64(29)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(32)
    return x


def shingle_set(text: str) -> set[str]:
    norm = normalise(text)
    return {norm[i : i + SHINGLE] for i in range(len(norm) - SHINGLE + 1)}


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of two answers' shingle sets (0 when either is too short)."""
    sa, sb = shingle_set(a), shingle_set(b)
    if len(sa) < MIN_CHARS - SHINGLE + 1 or len(sb) < MIN_CHARS - SHINGLE + 1:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def signatures(texts: Sequence[str]) -> np.ndarray:
    """MinHash signatures, one row of SLOTS uint32 per text; a too-short text's row is EMPTY."""
    n = len(texts)
    sig = np.full((n, SLOTS), EMPTY, dtype=np.uint32)
    codes, lengths = _normalised(texts)
    if len(codes) < SHINGLE:
        return sig
    hashes = _shingle_hashes(codes)
    owner = np.repeat(np.arange(n, dtype=np.int64), lengths)[: len(hashes)]
    key = owner * SLOTS + (hashes >> np.uint64(64 - _SLOT_BITS)).astype(np.int64)
    starts = np.cumsum(lengths) - lengths
    crossing = (starts[1:, None] - np.arange(1, SHINGLE)[None, :]).ravel()
    key[crossing[(crossing >= 0) & (crossing < len(key))]] = n * SLOTS  # a discarded bin
    value = (hashes >> np.uint64(64 - _SLOT_BITS - 32)).astype(np.uint32)
    flat = np.full(n * SLOTS + 1, EMPTY, dtype=np.uint32)
    np.minimum.at(flat, key, value)
    judged = lengths >= MIN_CHARS
    sig[judged] = _densify(flat[:-1].reshape(n, SLOTS)[judged])
    return sig


def _densify(full: np.ndarray) -> np.ndarray:
    """Fill each empty bin from the next filled bin to its right (circularly), shifted by the
    distance, so two texts agree on a borrowed bin only where they agree on its source."""
    rows, k = full.shape
    flat = full.reshape(-1)
    empty = flat == EMPTY
    if not empty.any():
        return full
    pos = np.arange(len(flat))
    # the next filled bin at or after each position, in flat order...
    nearest = np.where(empty, len(flat), pos)
    nearest = np.minimum.accumulate(nearest[::-1])[::-1]
    # ...which, past the end of the row, wraps to the row's first filled bin
    row_start = pos - pos % k
    wraps = (nearest >= row_start + k) & empty
    nearest[wraps] = nearest[row_start[wraps]]
    distance = ((nearest - pos) % k).astype(np.uint32)
    return (flat[nearest] + distance * _ROTATE).reshape(rows, k)


def signature(text: str) -> np.ndarray:
    return signatures([text])[0]


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray | float:
    """Estimated Jaccard: the share of equal slots. Rows of EMPTY never match anything."""
    equal = (a == b) & (a != EMPTY)
    return equal.mean(axis=-1)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
