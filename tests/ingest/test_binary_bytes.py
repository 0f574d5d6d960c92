"""The fast count of control bytes says "binary" exactly where the plain per-byte count it replaced did."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marsad.ingest.checks import looks_binary_bytes

CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D}


def per_byte(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:65536]
    return sum(1 for b in sample if b in CONTROLS) > 4 + len(sample) // 100


@given(st.binary(max_size=600) | st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_the_verdict_equals_the_per_byte_count(data: bytes) -> None:
    assert looks_binary_bytes(data) == per_byte(data)


def test_lines_at_the_threshold() -> None:
    line = "قصف على حلب".encode() * 40
    for n in range(0, 12):
        data = line + b"\x01" * n
        assert looks_binary_bytes(data) == per_byte(data)
    assert not looks_binary_bytes(line + b"\t\r\n\x0b\x0c" * 50)
    assert looks_binary_bytes(bytes(range(1, 32)) * 10)
