"""One reader per input format.

A reader is a generator function ``(stream, max_record_bytes, name)`` over a
byte stream with bounded ``readline`` (:class:`~embedresolve.io.streams.Lines`);
it yields :class:`~embedresolve.io.records.InputRecord` or
:class:`~embedresolve.io.records.Reject` in input order and never raises for a
bad record. ``name`` only goes into messages (and, for a text file, picks
the field). :mod:`embedresolve.io.formats` maps format names to readers.
"""
