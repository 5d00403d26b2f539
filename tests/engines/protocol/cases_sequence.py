"""Protocol cases of the sequence models (see tests/engines/protocol/__init__.py)."""

from tests.engines.protocol import ProtocolCase

CASES: dict[str, ProtocolCase] = {}
