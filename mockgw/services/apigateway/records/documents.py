"""Reading the documents API Gateway imports (OpenAPI definitions, documentation parts): JSON,
or YAML through PyYAML, imported only when a document is not JSON.

YAML is read the way AWS's (Jackson's) YAML reader reads it: a scalar that looks like a date or
a timestamp (``version: 2022-04-12``) stays the text it is, where PyYAML's own safe loader would
make it a ``datetime``; mapping keys are strings (``200:`` is ``"200"``) and the other types
YAML has and JSON has not are their text.
"""

from __future__ import annotations

import json
from typing import Any

_loader: Any = None


def load_document(body: bytes | str | None) -> Any:
    """The document ``body`` holds, as data; None when it is neither JSON nor YAML."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    try:
        return json.loads(text)
    except ValueError:
        pass
    import yaml

    try:
        data = yaml.load(text, Loader=_yaml_loader())  # a SafeLoader: no arbitrary objects
    except yaml.YAMLError:
        return None
    # JSON's types only (a ``!!binary`` or ``!!set`` becomes text, mapping keys strings)
    return json.loads(json.dumps(data, default=str))


def _yaml_loader() -> Any:
    """PyYAML's SafeLoader without the timestamp resolver (built once)."""
    global _loader
    if _loader is None:
        import yaml

        class _Loader(yaml.SafeLoader):  # type: ignore[misc]
            pass

        _Loader.yaml_implicit_resolvers = {
            first: [
                (tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"
            ]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }
        _loader = _Loader
    return _loader
