"""The resolve package's public names are exactly its ``__all__``."""

from __future__ import annotations

import embedresolve.resolve as resolve


def test_all_names_exist_and_are_sorted():
    assert resolve.__all__ == sorted(resolve.__all__)
    for name in resolve.__all__:
        assert hasattr(resolve, name), name
