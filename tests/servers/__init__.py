"""Local HTTP servers used by the test suite (never the live network)."""
