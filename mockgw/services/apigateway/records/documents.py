"""Reading the documents API Gateway imports (OpenAPI definitions, documentation parts): JSON,
or YAML through PyYAML, imported only when a document is not JSON."""

from __future__ import annotations

import json
from typing import Any


def load_document(body: bytes | str | None) -> Any:
    """The document ``body`` holds, as data; None when it is neither JSON nor YAML."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    try:
        return json.loads(text)
    except ValueError:
        pass
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None
