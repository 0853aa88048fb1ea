"""Java ``DateTimeFormatter`` patterns, as ``$util.time`` takes them (``yyyy-MM-dd HH:mm:ssZ``,
``EEE, d MMM yyyy``...), for formatting and parsing, and AppSync's ISO 8601 form.

Letters supported: ``y u`` year, ``M L`` month (``M``/``MM`` number, ``MMM`` short name,
``MMMM`` full name), ``d`` day, ``D`` day of year, ``E`` day name (``E``-``EEE`` short,
``EEEE`` full), ``a`` AM/PM, ``H k`` hour 0-23 / 1-24, ``h K`` hour 1-12 / 0-11, ``m``
minute, ``s`` second, ``S`` fraction of a second (as many digits as letters), ``Z`` offset
``+0000``, ``X``/``XXX`` ``Z`` or ``+00:00`` style, ``x``/``xxx`` the same without ``Z``,
``z`` zone abbreviation, ``VV`` zone id; text in single quotes is literal (``''`` is a quote).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

UTC = dt.timezone.utc
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class PatternError(ValueError):
    """A pattern or a value the pattern cannot read."""


def zone(name: str | None) -> dt.tzinfo:
    """The time zone ``name`` names (``UTC`` when None)."""
    if name is None or name in ("UTC", "Z", "GMT"):
        return UTC
    match = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", name)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        delta = dt.timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
        return dt.timezone(sign * delta)
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception as error:  # ZoneInfoNotFoundError, ValueError: an unknown or bad name
        raise PatternError(f"Unknown time zone: {name}") from error


def _tokens(pattern: str) -> list[tuple[str, int]]:
    """``(letter, count)`` runs, and ``("'", text)`` literals as ``(text, 0)``."""
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":
            end = i + 1
            text = ""
            while end < len(pattern):
                if pattern[end] == "'":
                    if end + 1 < len(pattern) and pattern[end + 1] == "'":
                        text += "'"
                        end += 2
                        continue
                    break
                text += pattern[end]
                end += 1
            out.append((text if end > i + 1 else "'", 0))
            i = end + 1
        elif char.isalpha():
            run = i
            while run < len(pattern) and pattern[run] == char:
                run += 1
            out.append((char, run - i))
            i = run
        else:
            out.append((char, 0))
            i += 1
    return out


def _offset(moment: dt.datetime, colon: bool, zulu: bool) -> str:
    delta = moment.utcoffset() or dt.timedelta(0)
    if zulu and not delta:
        return "Z"
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" if colon else f"{sign}{hours:02d}{minutes:02d}"


def _field(moment: dt.datetime, letter: str, count: int) -> str:
    if letter in "yu":
        year = moment.year
        return f"{year % 100:02d}" if count == 2 else f"{year:0{count}d}"
    if letter in "ML":
        if count >= 4:
            return _MONTHS[moment.month - 1]
        if count == 3:
            return _MONTHS[moment.month - 1][:3]
        return f"{moment.month:0{count}d}"
    if letter == "d":
        return f"{moment.day:0{count}d}"
    if letter == "D":
        return f"{moment.timetuple().tm_yday:0{count}d}"
    if letter == "E":
        name = _DAYS[moment.weekday()]
        return name if count >= 4 else name[:3]
    if letter == "a":
        return "AM" if moment.hour < 12 else "PM"
    if letter == "H":
        return f"{moment.hour:0{count}d}"
    if letter == "k":
        return f"{moment.hour or 24:0{count}d}"
    if letter == "h":
        return f"{(moment.hour % 12) or 12:0{count}d}"
    if letter == "K":
        return f"{moment.hour % 12:0{count}d}"
    if letter == "m":
        return f"{moment.minute:0{count}d}"
    if letter == "s":
        return f"{moment.second:0{count}d}"
    if letter == "S":
        return f"{moment.microsecond:06d}{'0' * 3}"[:count]
    if letter == "Z":
        return _offset(moment, colon=count == 5, zulu=count == 5)
    if letter in "Xx":
        return _offset(moment, colon=count >= 3, zulu=letter == "X")
    if letter == "z":
        return moment.tzname() or "UTC"
    if letter == "V":
        key = getattr(moment.tzinfo, "key", None)
        return str(key) if key else (moment.tzname() or "UTC")
    raise PatternError(f"Unknown pattern letter: {letter}")


def format_epoch_ms(epoch_ms: int | float, pattern: str, zone_name: str | None = None) -> str:
    moment = dt.datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).astimezone(zone(zone_name))
    out = []
    for letter, count in _tokens(pattern):
        out.append(letter if count == 0 else _field(moment, letter, count))
    return "".join(out)


_NUMERIC = {
    "y": r"(?P<y>[+-]?\d{1,9})",
    "u": r"(?P<y>[+-]?\d{1,9})",
    "d": r"(?P<d>\d{1,2})",
    "D": r"(?P<D>\d{1,3})",
    "H": r"(?P<H>\d{1,2})",
    "k": r"(?P<k>\d{1,2})",
    "h": r"(?P<h>\d{1,2})",
    "K": r"(?P<K>\d{1,2})",
    "m": r"(?P<m>\d{1,2})",
    "s": r"(?P<s>\d{1,2})",
}


@lru_cache(maxsize=128)
def _parser(pattern: str) -> tuple[re.Pattern[str], bool]:
    parts = []
    seen: set[str] = set()
    has_offset = False
    for letter, count in _tokens(pattern):
        if count == 0:
            parts.append(re.escape(letter))
            continue
        if letter in seen:
            raise PatternError(f"Pattern letter repeated: {letter}")
        seen.add(letter)
        if letter in "ML":
            if count >= 3:
                parts.append(r"(?P<Mtext>[A-Za-z]+)")
            else:
                parts.append(r"(?P<M>\d{1,2})")
        elif letter in _NUMERIC:
            exact = {"y": 4 if count == 4 else None}.get(letter)
            group = _NUMERIC[letter]
            if exact or (count == 2 and letter != "y"):
                group = group.replace(r"\d{1,2}", r"\d{2}")
            parts.append(group)
        elif letter == "S":
            parts.append(rf"(?P<S>\d{{{count}}})")
        elif letter == "E":
            parts.append(r"[A-Za-z]+")
        elif letter == "a":
            parts.append(r"(?P<a>AM|PM|am|pm)")
        elif letter in "ZXx":
            has_offset = True
            parts.append(r"(?P<Z>Z|[+-]\d{2}:?\d{2})")
        elif letter in "zV":
            parts.append(r"[A-Za-z/_+\-0-9]+")
        else:
            raise PatternError(f"Unknown pattern letter: {letter}")
    return re.compile("".join(parts)), has_offset


def parse_to_epoch_ms(text: str, pattern: str, zone_name: str | None = None) -> int:
    regex, _ = _parser(pattern)
    match = regex.fullmatch(text)
    if match is None:
        raise PatternError(f"Text '{text}' could not be parsed with pattern '{pattern}'")
    found = match.groupdict()
    month = int(found["M"]) if found.get("M") else 1
    if found.get("Mtext"):
        names = [m[:3].lower() for m in _MONTHS]
        try:
            month = names.index(found["Mtext"][:3].lower()) + 1
        except ValueError:
            raise PatternError(f"Text '{text}' could not be parsed: bad month") from None
    hour = int(found.get("H") or found.get("k") or 0) % 24
    if found.get("h") or found.get("K"):
        hour = int(found.get("h") or found.get("K") or 0) % 12
        if (found.get("a") or "AM").upper() == "PM":
            hour += 12
    fraction = found.get("S") or "0"
    micro = int((fraction + "000000")[:6])
    year = int(found.get("y") or 1970)
    try:
        if found.get("D"):
            base = dt.datetime(year, 1, 1) + dt.timedelta(days=int(found["D"]) - 1)
            month, day = base.month, base.day
        else:
            day = int(found.get("d") or 1)
        moment = dt.datetime(
            year, month, day, hour, int(found.get("m") or 0), int(found.get("s") or 0), micro
        )
    except ValueError as error:
        raise PatternError(f"Text '{text}' could not be parsed: {error}") from None
    offset = found.get("Z")
    if offset:
        tz: dt.tzinfo = UTC if offset == "Z" else zone(offset)
        aware = moment.replace(tzinfo=tz)
    else:
        tzinfo = zone(zone_name)
        aware = moment.replace(tzinfo=tzinfo)
    return round(aware.timestamp() * 1000)


def iso8601(epoch_ms: int | float) -> str:
    """AppSync's ISO 8601 form: UTC, milliseconds, ``Z`` (``2018-02-06T19:01:35.749Z``)."""
    moment = dt.datetime.fromtimestamp(int(epoch_ms) / 1000, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


_ISO = re.compile(
    r"(?P<date>[+-]?\d{4,9}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?"
    r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?"
)


def parse_iso8601(text: str) -> int:
    match = _ISO.fullmatch(text.strip())
    if match is None:
        raise PatternError(f"Text '{text}' could not be parsed as ISO 8601")
    when = match.group("time") or "00:00"
    seconds_part = when.split(":")
    fraction = ""
    if len(seconds_part) == 3 and "." in seconds_part[2]:
        seconds_part[2], fraction = seconds_part[2].split(".")
    clean = ":".join(seconds_part + (["00"] if len(seconds_part) == 2 else []))
    moment = dt.datetime.fromisoformat(f"{match.group('date')}T{clean}")
    moment = moment.replace(microsecond=int((fraction + "000000")[:6]))
    zone_text = match.group("zone")
    tz: dt.tzinfo = UTC if zone_text in (None, "Z") else zone(zone_text)
    return round(moment.replace(tzinfo=tz).timestamp() * 1000)
