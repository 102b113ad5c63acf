"""Arrow types for the output fields, derived from the JSON Schema in :mod:`embedresolve.schema`.

``embeds`` becomes a list of structs and ``embedresolve`` a struct, field by
field as the schema lists them: strings, ``int64``, ``float64``, lists,
structs. Parts the schema leaves open (an object without listed properties:
a post, a match, a provenance step) are JSON text, and so are keys the schema
does not list and keys a value leaves out (in a struct every field exists),
in one ``__json__`` field per struct — so a value comes back from Arrow
exactly as it went in. Needs pyarrow (``embedresolve[parquet]``).
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from embedresolve.schema import EMBED_SCHEMA, RECORD_SCHEMA

EXTRA = "__json__"  # per struct: {"extra": {keys the schema does not list}, "absent": [listed keys left out]}
_SCALARS = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}


def _kind(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return "string"
    kinds = schema.get("type", "object")
    if isinstance(kinds, list):
        kinds = next((kind for kind in kinds if kind != "null"), "null")
    return str(kinds)


def arrow_type(schema: dict[str, Any]) -> pa.DataType:
    """The Arrow type of values that fit ``schema`` (JSON text where the schema leaves them open)."""
    kind = _kind(schema)
    if kind == "object" and "properties" in schema:
        fields = [pa.field(name, arrow_type(sub)) for name, sub in schema["properties"].items()]
        return pa.struct([*fields, pa.field(EXTRA, pa.string())])
    if kind == "array" and "items" in schema:
        return pa.list_(arrow_type(schema["items"]))
    return _SCALARS.get(kind, pa.string())


META_SCHEMA: dict[str, Any] = RECORD_SCHEMA["properties"]["embedresolve"]
EMBEDS_SCHEMA: dict[str, Any] = {"type": "array", "items": EMBED_SCHEMA}
EMBEDS_TYPE = arrow_type(EMBEDS_SCHEMA)  # list<struct<platform, field, span, …>>
META_TYPE = arrow_type(META_SCHEMA)
RESERVED_TYPES = {"embeds": (EMBEDS_TYPE, EMBEDS_SCHEMA), "embedresolve": (META_TYPE, META_SCHEMA)}
"""Each output field's Arrow type and the JSON Schema it comes from."""


def to_arrow(value: Any, schema: dict[str, Any]) -> Any:
    """``value`` (JSON) as Python values pyarrow builds ``arrow_type(schema)`` from."""
    if value is None:
        return None
    kind = _kind(schema)
    if kind == "object" and "properties" in schema:
        properties: dict[str, Any] = schema["properties"]
        out = {name: to_arrow(value.get(name), sub) for name, sub in properties.items()}
        extra = {key: item for key, item in value.items() if key not in properties}
        absent = [name for name in properties if name not in value]
        out[EXTRA] = json.dumps({"extra": extra, "absent": absent}) if extra or absent else None
        return out
    if kind == "array" and "items" in schema:
        return [to_arrow(item, schema["items"]) for item in value]
    if kind in ("object", "array"):
        return json.dumps(value, ensure_ascii=False)
    return value


def from_arrow(value: Any, schema: dict[str, Any]) -> Any:
    """The JSON value :func:`to_arrow` was given, from what pyarrow's ``to_pylist`` gives back."""
    if value is None:
        return None
    kind = _kind(schema)
    if kind == "object" and "properties" in schema:
        packed = value.get(EXTRA)
        kept = json.loads(packed) if packed else {"extra": {}, "absent": []}
        absent = set(kept["absent"])
        out = {
            name: from_arrow(value.get(name), sub)
            for name, sub in schema["properties"].items()
            if name not in absent
        }
        out.update(kept["extra"])
        return out
    if kind == "array" and "items" in schema:
        return [from_arrow(item, schema["items"]) for item in value]
    if kind in ("object", "array"):
        return json.loads(value)
    return value
