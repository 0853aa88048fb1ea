"""``$util`` for VTL mapping templates, as AppSync documents it (resolver mapping template
utility reference). Method names are AppSync's; each is a plain Python method the engine calls.

Implemented (everything else is absent, so a template that calls it renders nothing for it, as
Velocity does for an unknown method):

- ``$util``: ``qr``, ``quiet``, ``toJson``, ``parseJson``, ``escapeJavaScript``, ``urlEncode``,
  ``urlDecode``, ``base64Encode``, ``base64Decode``, ``autoId``, ``autoUlid``, ``autoKsuid``,
  ``error``, ``appendError``, ``unauthorized``, ``validate``, ``isNull``, ``isNullOrEmpty``,
  ``isNullOrBlank``, ``defaultIfNull``, ``defaultIfNullOrEmpty``, ``defaultIfNullOrBlank``,
  ``isString``, ``isNumber``, ``isBoolean``, ``isList``, ``isMap``, ``typeOf``, ``matches``,
  ``log.info``, ``log.error``;
- ``$util.time``: ``nowISO8601``, ``nowEpochSeconds``, ``nowEpochMilliSeconds``,
  ``nowFormatted``, ``parseFormattedToEpochMilliSeconds``, ``parseISO8601ToEpochMilliSeconds``,
  ``epochMilliSecondsToSeconds``, ``epochMilliSecondsToISO8601``,
  ``epochMilliSecondsToFormatted`` (on :mod:`mockgw.clock`, read once per evaluation);
- ``$util.list``: ``copyAndRetainAll``, ``copyAndRemoveAll``, ``sortList``;
- ``$util.map``: ``copyAndRetainAllKeys``, ``copyAndRemoveAllKeys``;
- ``$util.str``: ``toUpper``, ``toLower``, ``toReplace``, ``normalize``;
- ``$util.math``: ``roundNum``, ``minVal``, ``maxVal``, ``randomDouble``, ``randomWithinRange``;
- ``$util.dynamodb``: ``toDynamoDB``, ``toString``, ``toStringSet``, ``toNumber``,
  ``toNumberSet``, ``toBinary``, ``toBinarySet``, ``toBoolean``, ``toNull``, ``toList``,
  ``toMap``, ``toMapValues``, ``toS3Object`` (each also as ``...Json``), ``fromS3ObjectJson``.

Not implemented: ``$util.transform``, ``$util.rds``, ``$util.xml``, ``$util.http``,
``$util.authType``, ``$util.isFirstCall``... (they need the data plane or are rarely used).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import unicodedata
import urllib.parse
from collections.abc import Mapping
from typing import Any

from mockgw import clock, ids
from mockgw.templates import javatime
from mockgw.templates.outcome import TemplateFailure
from mockgw.templates.values import javaize, plain, to_json

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_KSUID_EPOCH = 1_400_000_000


class Raised(Exception):
    """``$util.error`` / ``$util.unauthorized`` / a failed ``$util.validate``: ends the
    template with this failure."""

    def __init__(self, failure: TemplateFailure) -> None:
        super().__init__(failure.message)
        self.failure = failure


class Run:
    """What one evaluation collects, and the instant it reads the clock at."""

    def __init__(self) -> None:
        self.now_ms = int(clock.now() * 1000)
        self.logs: list[str] = []
        self.out_errors: list[dict[str, Any]] = []


def auto_ulid(now_ms: int) -> str:
    value = (now_ms & ((1 << 48) - 1)) << 80 | ids.random_bits(80)
    return "".join(_CROCKFORD[(value >> (5 * (25 - i))) & 31] for i in range(26))


def auto_ksuid(now_ms: int) -> str:
    stamp = (now_ms // 1000 - _KSUID_EPOCH) & 0xFFFFFFFF
    value = stamp << 128 | ids.random_bits(128)
    out = ""
    for _ in range(27):
        value, digit = divmod(value, 62)
        out = _BASE62[digit] + out
    return out


def escape_javascript(text: str) -> str:
    """Apache Commons' ``escapeEcmaScript``, which ``$util.escapeJavaScript`` uses."""
    out = []
    for char in text:
        code = ord(char)
        if char in "'\"\\/":
            out.append("\\" + char)
        elif char == "\b":
            out.append("\\b")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\f":
            out.append("\\f")
        elif char == "\r":
            out.append("\\r")
        elif code < 32 or code > 0x7E:
            if code > 0xFFFF:
                encoded = char.encode("utf-16-be")
                out.append(
                    f"\\u{encoded[0] << 8 | encoded[1]:04X}\\u{encoded[2] << 8 | encoded[3]:04X}"
                )
            else:
                out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    return "".join(out)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _failure(message: Any, error_type: Any = None, data: Any = None, info: Any = None) -> Raised:
    return Raised(
        TemplateFailure(
            message=str(message) if message is not None else "null",
            error_type=None if error_type is None else str(error_type),
            data=plain(data),
            error_info=plain(info),
            deliberate=True,
        )
    )


def _format_log(message: Any, args: tuple[Any, ...]) -> str:
    text = message if isinstance(message, str) else to_json(message)
    for arg in args:
        text = text.replace("{}", arg if isinstance(arg, str) else to_json(arg), 1)
    return text


class _Log:
    def __init__(self, run: Run) -> None:
        self._run = run

    def info(self, message: Any, *args: Any) -> str:
        self._run.logs.append(_format_log(message, args))
        return ""

    def error(self, message: Any, *args: Any) -> str:
        self._run.logs.append(_format_log(message, args))
        return ""


class _Time:
    def __init__(self, run: Run) -> None:
        self._run = run

    def nowISO8601(self) -> str:
        return javatime.iso8601(self._run.now_ms)

    def nowEpochSeconds(self) -> int:
        return self._run.now_ms // 1000

    def nowEpochMilliSeconds(self) -> int:
        return self._run.now_ms

    def nowFormatted(self, pattern: str, zone: str | None = None) -> str:
        return javatime.format_epoch_ms(self._run.now_ms, pattern, zone)

    def parseFormattedToEpochMilliSeconds(
        self, text: str, pattern: str, zone: str | None = None
    ) -> int:
        return javatime.parse_to_epoch_ms(text, pattern, zone)

    def parseISO8601ToEpochMilliSeconds(self, text: str) -> int:
        return javatime.parse_iso8601(text)

    def epochMilliSecondsToSeconds(self, epoch_ms: int) -> int:
        return int(epoch_ms) // 1000

    def epochMilliSecondsToISO8601(self, epoch_ms: int) -> str:
        return javatime.iso8601(epoch_ms)

    def epochMilliSecondsToFormatted(
        self, epoch_ms: int, pattern: str, zone: str | None = None
    ) -> str:
        return javatime.format_epoch_ms(epoch_ms, pattern, zone)


class _Lists:
    def copyAndRetainAll(self, items: list[Any], keep: list[Any]) -> Any:
        return javaize([i for i in items if i in keep])

    def copyAndRemoveAll(self, items: list[Any], drop: list[Any]) -> Any:
        return javaize([i for i in items if i not in drop])

    def sortList(self, items: list[Any], descending: bool = False, prop: str = "") -> Any:
        if len(items) > 1000:
            return javaize(list(items))

        def key(item: Any) -> tuple[int, Any]:
            value = item.get(prop) if prop and isinstance(item, Mapping) else item
            return (0, value) if value is not None else (1, 0)

        try:
            return javaize(sorted(items, key=key, reverse=bool(descending)))
        except TypeError:  # mixed types: AppSync leaves such a list as it is
            return javaize(list(items))


class _Maps:
    def copyAndRetainAllKeys(self, source: Mapping[str, Any], keys: list[str]) -> Any:
        return javaize({k: v for k, v in source.items() if k in keys})

    def copyAndRemoveAllKeys(self, source: Mapping[str, Any], keys: list[str]) -> Any:
        return javaize({k: v for k, v in source.items() if k not in keys})


class _Strings:
    def toUpper(self, text: str) -> str:
        return text.upper()

    def toLower(self, text: str) -> str:
        return text.lower()

    def toReplace(self, text: str, old: str, new: str) -> str:
        return text.replace(old, new)

    def normalize(self, text: str, form: str) -> str:
        if form.upper() not in ("NFC", "NFD", "NFKC", "NFKD"):
            raise _failure(f"Unsupported normalization form: {form}")
        return unicodedata.normalize(form.upper(), text)  # type: ignore[arg-type]


class _Math:
    def roundNum(self, value: float) -> int:
        return math.floor(float(value) + 0.5)

    def minVal(self, a: float, b: float) -> float:
        return min(float(a), float(b))

    def maxVal(self, a: float, b: float) -> float:
        return max(float(a), float(b))

    def randomDouble(self) -> float:
        return ids.random_bits(53) / (1 << 53)

    def randomWithinRange(self, low: int, high: int) -> int:
        low, high = int(low), int(high)
        if high < low:
            low, high = high, low
        return low + ids.random_bits(64) % (high - low + 1)


def to_dynamodb(value: Any) -> dict[str, Any]:
    """A value in DynamoDB's typed form, as ``$util.dynamodb.toDynamoDB`` writes it."""
    if value is None:
        return {"NULL": None}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, (int, float)):
        return {"N": value}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, Mapping):
        return {"M": {str(k): to_dynamodb(v) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"L": [to_dynamodb(v) for v in value]}
    return {"S": str(value)}


class _DynamoDB:
    def toDynamoDB(self, value: Any) -> Any:
        return javaize(to_dynamodb(plain(value)))

    def toString(self, value: str) -> Any:
        return javaize({"S": value})

    def toStringSet(self, values: list[str]) -> Any:
        return javaize({"SS": list(values)})

    def toNumber(self, value: float) -> Any:
        return javaize({"N": value})

    def toNumberSet(self, values: list[float]) -> Any:
        return javaize({"NS": list(values)})

    def toBinary(self, value: str) -> Any:
        return javaize({"B": value})

    def toBinarySet(self, values: list[str]) -> Any:
        return javaize({"BS": list(values)})

    def toBoolean(self, value: bool) -> Any:
        return javaize({"BOOL": value})

    def toNull(self) -> Any:
        return javaize({"NULL": None})

    def toList(self, values: list[Any]) -> Any:
        return javaize({"L": [to_dynamodb(plain(v)) for v in values]})

    def toMap(self, value: Mapping[str, Any]) -> Any:
        return javaize({"M": {k: to_dynamodb(plain(v)) for k, v in value.items()}})

    def toMapValues(self, value: Mapping[str, Any]) -> Any:
        return javaize({k: to_dynamodb(plain(v)) for k, v in value.items()})

    def toS3Object(self, key: str, bucket: str, region: str, version: str | None = None) -> Any:
        s3: dict[str, Any] = {"key": key, "bucket": bucket, "region": region}
        if version is not None:
            s3["version"] = version
        return javaize({"S": to_json({"s3": s3})})

    def fromS3ObjectJson(self, text: str) -> Any:
        return javaize(json.loads(text)["s3"])

    def __getattr__(self, name: str) -> Any:
        # every toX has a toXJson that returns the same value as a JSON string
        if name.endswith("Json") and name != "fromS3ObjectJson":
            method = getattr(self, name[: -len("Json")], None)
            if method is not None:
                return lambda *args: to_json(method(*args))
        raise AttributeError(name)


class VtlUtil:
    """``$util`` (and ``$utils``) for one evaluation."""

    def __init__(self, run: Run) -> None:
        self._run = run
        self.log = _Log(run)
        self.time = _Time(run)
        self.list = _Lists()
        self.map = _Maps()
        self.str = _Strings()
        self.math = _Math()
        self.dynamodb = _DynamoDB()

    # ------------------------------------------------------------------ output and JSON
    def qr(self, *values: Any) -> str:
        return ""

    def quiet(self, *values: Any) -> str:
        return ""

    def toJson(self, value: Any) -> str:
        return to_json(value)

    def parseJson(self, text: str) -> Any:
        try:
            return javaize(json.loads(text))
        except (TypeError, ValueError) as error:
            raise _failure(f"Unable to parse the JSON document: {error}") from None

    def escapeJavaScript(self, text: str) -> str:
        return escape_javascript(str(text))

    def urlEncode(self, text: str) -> str:
        return urllib.parse.quote_plus(str(text), safe="*")

    def urlDecode(self, text: str) -> str:
        return urllib.parse.unquote_plus(str(text))

    def base64Encode(self, text: str) -> str:
        return base64.b64encode(str(text).encode()).decode()

    def base64Decode(self, text: str) -> str:
        try:
            return base64.b64decode(str(text)).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            raise _failure("Unable to decode the given base64 string") from None

    # ------------------------------------------------------------------ identifiers
    def autoId(self) -> str:
        return ids.uuid4()

    def autoUlid(self) -> str:
        return auto_ulid(self._run.now_ms)

    def autoKsuid(self) -> str:
        return auto_ksuid(self._run.now_ms)

    # ------------------------------------------------------------------ errors
    def error(
        self, message: Any, error_type: Any = None, data: Any = None, info: Any = None
    ) -> str:
        raise _failure(message, error_type, data, info)

    def appendError(
        self, message: Any, error_type: Any = None, data: Any = None, info: Any = None
    ) -> str:
        self._run.out_errors.append(
            {
                "message": str(message),
                "errorType": None if error_type is None else str(error_type),
                "data": plain(data),
                "errorInfo": plain(info),
            }
        )
        return ""

    def unauthorized(self) -> str:
        # The endpoint names the field: "Not Authorized to access <field> on type <type>".
        raise Raised(
            TemplateFailure(message="Unauthorized", error_type="Unauthorized", deliberate=True)
        )

    def validate(
        self, condition: Any, message: Any, error_type: Any = None, data: Any = None
    ) -> str:
        if not condition:
            raise _failure(message, error_type, data)
        return ""

    # ------------------------------------------------------------------ tests of values
    def isNull(self, value: Any) -> bool:
        return value is None

    def isNullOrEmpty(self, value: Any) -> bool:
        return _is_empty(value)

    def isNullOrBlank(self, value: Any) -> bool:
        return _is_blank(value)

    def defaultIfNull(self, value: Any, default: Any) -> Any:
        return default if value is None else value

    def defaultIfNullOrEmpty(self, value: Any, default: Any) -> Any:
        return default if _is_empty(value) else value

    def defaultIfNullOrBlank(self, value: Any, default: Any) -> Any:
        return default if _is_blank(value) else value

    def isString(self, value: Any) -> bool:
        return isinstance(value, str)

    def isNumber(self, value: Any) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    def isBoolean(self, value: Any) -> bool:
        return isinstance(value, bool)

    def isList(self, value: Any) -> bool:
        return isinstance(value, list)

    def isMap(self, value: Any) -> bool:
        return isinstance(value, Mapping)

    def typeOf(self, value: Any) -> str:
        if value is None:
            return "Null"
        if isinstance(value, bool):
            return "Boolean"
        if isinstance(value, (int, float)):
            return "Number"
        if isinstance(value, str):
            return "String"
        if isinstance(value, Mapping):
            return "Map"
        if isinstance(value, list):
            return "List"
        return "Object"

    def matches(self, pattern: str, text: str) -> bool:
        try:
            return re.fullmatch(pattern, str(text)) is not None
        except re.error:
            raise _failure(f"Invalid regular expression: {pattern}") from None
