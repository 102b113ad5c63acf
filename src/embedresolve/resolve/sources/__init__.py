"""Sources the resolver asks, each behind one of the protocols in ``base``."""
