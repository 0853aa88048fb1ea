"""The environment while a mock is active: nothing in it points at an account, a profile, an
endpoint or a credential source.

In the process, botocore gets its credentials from mockgw while a mock is active (see
``mockgw._intercept``), so what this module changes matters for the rest: the client's profile,
region and endpoint, and programs started from the test (a subprocess inherits
``os.environ``). So that a mocked test runs the same on a laptop full of profiles and on a bare
CI machine:

* the config and shared-credentials files are ``os.devnull``: no profile, no
  ``credential_process``, no SSO session, no ``endpoint_url`` and no region from them;
* ``AWS_PROFILE`` / ``AWS_DEFAULT_PROFILE`` are removed (a profile that does not exist would
  make every client creation fail), and so are the variables that point a credential
  provider somewhere: session tokens, container and web-identity credentials;
* ``AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`` is ``true``: ``AWS_ENDPOINT_URL`` and
  ``AWS_ENDPOINT_URL_<SERVICE>`` (a LocalStack setup) are ignored, so requests go to the AWS
  hosts mockgw answers instead of being retried against a port for seconds;
* ``AWS_EC2_METADATA_DISABLED`` is ``true``: no instance-metadata lookup;
* an access key or secret found in the environment is replaced by a placeholder (so a
  subprocess cannot use it); none is added where there was none;
* ``AWS_DEFAULT_REGION`` is set where it is missing: to ``AWS_REGION`` if that is set (other
  AWS SDKs read it; botocore does not), otherwise to us-east-1.

Restoring: each variable is put back only if it still holds what mockgw put there. If
something changed it meanwhile, that something owns it now: moto, ``unittest.mock.patch.dict``
or ``monkeypatch`` started earlier and stopped before mockgw have put back their own value
(the state before the first start), and mockgw must not overwrite it with what it saw (see
:func:`restore` for removed variables). One order remains that no restore can undo: a tool
that saves a variable mockgw changed when it starts *inside* a mock, and puts it back after
that mock stopped, puts back mockgw's value (``patch.dict`` saves the whole environment;
``monkeypatch`` and moto the variables they set). mockgw therefore never adds the two
variables moto saves (the access key and secret): in an environment without keys, moto in
any order ends exactly where it began; with keys, that one order leaves the placeholder,
never the real key. Inside the process none of this decides safety: botocore takes its
credentials and config from mockgw while a mock is active (``mockgw._intercept``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from mockgw._intercept import PLACEHOLDER_KEY
from mockgw.state import DEFAULT_REGION

#: set whatever was there
_FORCED = (
    ("AWS_CONFIG_FILE", os.devnull),
    ("AWS_SHARED_CREDENTIALS_FILE", os.devnull),
    ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
    ("AWS_EC2_METADATA_DISABLED", "true"),
)
#: replaced by the placeholder when present
_MASKED = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
#: removed when present: what points a credential provider somewhere (for subprocesses), and
#: the profile. (Each lookup of a missing variable costs about a microsecond, so this list
#: names what a provider needs, not every variable it reads: a role session name without a
#: web-identity token file, or a container token without a container URI, finds nothing.)
_REMOVED = (
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
)

#: every name read, encoded once per ``os.environ.encodekey`` (see :func:`_reader`)
_NAMES = (*(name for name, _ in _FORCED), *_MASKED, *_REMOVED, "AWS_DEFAULT_REGION", "AWS_REGION")
_ENCODED: dict[Any, dict[str, Any]] = {}

#: name -> (value before, value mockgw set or None if it removed it)
Changes = dict[str, tuple["str | None", "str | None"]]


def _reader() -> Callable[[str], str | None]:
    """``os.environ.get``, without its cost for absent names.

    Nearly every variable mockgw looks at is absent, and ``os.environ.get`` of an absent
    name raises and catches two ``KeyError`` exceptions (about a microsecond, fifteen times
    per start); starts must stay cheap. CPython's ``os.environ`` keeps the encoded variables
    in a plain dict, ``_data`` (a private attribute, unchanged since Python 3.2): it is read
    directly when it is there, and ``os.environ.get`` is used otherwise. Writes always go
    through ``os.environ``.
    """
    environ = os.environ
    data = getattr(environ, "_data", None)
    encode = getattr(environ, "encodekey", None)
    decode = getattr(environ, "decodevalue", None)
    if not isinstance(data, dict) or encode is None or decode is None:
        return environ.get

    keys = _ENCODED.get(encode)
    if keys is None:
        keys = _ENCODED[encode] = {name: encode(name) for name in _NAMES}

    def read(name: str) -> str | None:
        key = keys.get(name)
        raw = data.get(encode(name) if key is None else key)
        return None if raw is None else str(decode(raw))

    return read


def neutralize() -> Changes:
    """Make the environment point nowhere; return what changed, for :func:`restore`."""
    environ = os.environ
    read = _reader()
    changes: Changes = {}
    for name, value in _FORCED:
        before = read(name)
        if before != value:
            changes[name] = (before, value)
            environ[name] = value
    for name in _MASKED:
        before = read(name)
        if before is not None and before != PLACEHOLDER_KEY:
            changes[name] = (before, PLACEHOLDER_KEY)
            environ[name] = PLACEHOLDER_KEY
    for name in _REMOVED:
        before = read(name)
        if before is not None:
            changes[name] = (before, None)
            del environ[name]
    region = read("AWS_DEFAULT_REGION")
    if not region:
        default = read("AWS_REGION") or DEFAULT_REGION
        changes["AWS_DEFAULT_REGION"] = (region, default)
        environ["AWS_DEFAULT_REGION"] = default
    return changes


def restore(changes: Changes) -> None:
    """Put back each variable :func:`neutralize` changed that still holds mockgw's value.

    A removed variable that is still absent cannot tell whether nothing touched it or a
    snapshot from before the mock was put back (``patch.dict`` started before mockgw and
    stopped while it was active). The variables mockgw *set* tell: if none of them holds
    mockgw's value any more, the whole environment was put back from before this mock, and
    nothing is restored over it.
    """
    environ = os.environ
    read = _reader()
    now = {name: read(name) for name in changes}
    written = [name for name, (_, ours) in changes.items() if ours is not None]
    if written and all(now[name] != changes[name][1] for name in written):
        return
    for name, (before, ours) in changes.items():
        if now[name] != ours:
            continue  # changed since: its new owner restores it
        if before is None:
            del environ[name]  # present: it holds mockgw's value
        else:
            environ[name] = before
