# ruff: noqa: E501 - JavaScript source, laid out for reading as JavaScript
"""The JavaScript half of the ``APPSYNC_JS`` runtime: ``util``, ``runtime``, ``console`` and the
``@aws-appsync/utils`` module, defined once per V8 context (see ``appsync_js.py``).

``__mockgw.newRun(now, seed, ctx)`` makes the objects one evaluation sees: the clock is read
once in Python (``now``, epoch milliseconds, from :mod:`mockgw.clock`) and identifiers come
from a generator seeded from :mod:`mockgw.ids` (``seed``: four 32-bit words), so seeded runs
make the same ids in JavaScript as everywhere else.
"""

RUNTIME = r"""
"use strict";
var __mockgw = (function () {
  function sfc32(a, b, c, d) {
    return function () {
      a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
      var t = (a + b) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      d = (d + 1) | 0;
      t = (t + d) | 0;
      c = (c + t) | 0;
      return t >>> 0;
    };
  }
  function hex8(n) { return ("00000000" + (n >>> 0).toString(16)).slice(-8); }
  var CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  var BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

  function Raised(failure) { this.failure = failure; }
  function EarlyReturn(value) { this.value = value; }

  function pad(n, width) { var s = String(Math.abs(n)); while (s.length < width) s = "0" + s; return (n < 0 ? "-" : "") + s; }
  function iso(ms) { return new Date(ms).toISOString(); }
  function zoneOffsetMinutes(ms, zone) {
    if (!zone || zone === "UTC" || zone === "Z" || zone === "GMT") return 0;
    var m = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
    if (m) return (m[1] === "-" ? -1 : 1) * (parseInt(m[2], 10) * 60 + parseInt(m[3] || "0", 10));
    var parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23",
      year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric",
      second: "numeric" }).formatToParts(new Date(ms));
    var get = function (t) { return parseInt(parts.filter(function (p) { return p.type === t; })[0].value, 10); };
    var asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
    return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
  }
  function offsetText(minutes, colon, zulu) {
    if (zulu && minutes === 0) return "Z";
    var sign = minutes < 0 ? "-" : "+"; var a = Math.abs(minutes);
    return sign + pad(Math.floor(a / 60), 2) + (colon ? ":" : "") + pad(a % 60, 2);
  }
  function format(ms, pattern, zone) {
    var offset = zoneOffsetMinutes(ms, zone);
    var d = new Date(ms + offset * 60000);
    var out = "", i = 0;
    while (i < pattern.length) {
      var ch = pattern[i];
      if (ch === "'") {
        var end = pattern.indexOf("'", i + 1); if (end < 0) end = pattern.length;
        out += end === i + 1 ? "'" : pattern.slice(i + 1, end); i = end + 1; continue;
      }
      if (!/[A-Za-z]/.test(ch)) { out += ch; i++; continue; }
      var n = 0; while (pattern[i + n] === ch) n++;
      i += n;
      switch (ch) {
        case "y": case "u": out += n === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), n); break;
        case "M": case "L": out += n >= 4 ? MONTHS[d.getUTCMonth()] : n === 3 ? MONTHS[d.getUTCMonth()].slice(0, 3) : pad(d.getUTCMonth() + 1, n); break;
        case "d": out += pad(d.getUTCDate(), n); break;
        case "E": out += n >= 4 ? DAYS[d.getUTCDay()] : DAYS[d.getUTCDay()].slice(0, 3); break;
        case "a": out += d.getUTCHours() < 12 ? "AM" : "PM"; break;
        case "H": out += pad(d.getUTCHours(), n); break;
        case "h": out += pad((d.getUTCHours() % 12) || 12, n); break;
        case "m": out += pad(d.getUTCMinutes(), n); break;
        case "s": out += pad(d.getUTCSeconds(), n); break;
        case "S": out += (pad(d.getUTCMilliseconds(), 3) + "000000").slice(0, n); break;
        case "Z": out += offsetText(offset, n === 5, n === 5); break;
        case "X": out += offsetText(offset, n >= 3, true); break;
        case "x": out += offsetText(offset, n >= 3, false); break;
        case "z": case "V": out += zone || "UTC"; break;
        default: throw new Error("Unknown pattern letter: " + ch);
      }
    }
    return out;
  }
  function isBlank(v) { return v === null || v === undefined || (typeof v === "string" && v.trim() === ""); }
  function isEmpty(v) { return v === null || v === undefined || v === ""; }
  function toDynamoDB(v) {
    if (v === null || v === undefined) return { NULL: null };
    if (typeof v === "boolean") return { BOOL: v };
    if (typeof v === "number") return { N: v };
    if (typeof v === "string") return { S: v };
    if (Array.isArray(v)) return { L: v.map(toDynamoDB) };
    var m = {}; Object.keys(v).forEach(function (k) { m[k] = toDynamoDB(v[k]); }); return { M: m };
  }
  function toMapValues(v) { var m = {}; Object.keys(v).forEach(function (k) { m[k] = toDynamoDB(v[k]); }); return m; }
  function base64Encode(text) {
    var bytes = unescape(encodeURIComponent(String(text)));
    return typeof btoa === "function" ? btoa(bytes) : bytes;
  }
  function base64Decode(text) { return decodeURIComponent(escape(atob(String(text)))); }

  function newRun(now, seed, ctxData) {
    var random = sfc32(seed[0], seed[1], seed[2], seed[3]);
    for (var warm = 0; warm < 12; warm++) random();
    var state = { logs: [], outErrors: [] };
    function fail(message, type, data, info) {
      throw new Raised({ message: message === undefined || message === null ? "null" : String(message),
        errorType: type === undefined ? null : type, data: data === undefined ? null : data,
        errorInfo: info === undefined ? null : info });
    }
    function uuid() {
      var h = hex8(random()) + hex8(random()) + hex8(random()) + hex8(random());
      var variant = "89ab"[parseInt(h[16], 16) & 3];
      return h.slice(0, 8) + "-" + h.slice(8, 12) + "-4" + h.slice(13, 16) + "-" + variant + h.slice(17, 20) + "-" + h.slice(20, 32);
    }
    var util = {
      autoId: uuid,
      autoUlid: function () {
        var out = "", t = now;
        for (var i = 0; i < 10; i++) { out = CROCKFORD[t % 32] + out; t = Math.floor(t / 32); }
        for (var j = 0; j < 16; j++) out += CROCKFORD[random() % 32];
        return out;
      },
      autoKsuid: function () {
        var out = "";
        for (var i = 0; i < 27; i++) out += BASE62[random() % 62];
        return out;
      },
      error: function (message, type, data, info) { fail(message, type, data, info); },
      appendError: function (message, type, data, info) {
        state.outErrors.push({ message: String(message), errorType: type === undefined ? null : type,
          data: data === undefined ? null : data, errorInfo: info === undefined ? null : info });
      },
      unauthorized: function () { fail("Unauthorized", "Unauthorized"); },
      isNull: function (v) { return v === null || v === undefined; },
      isNullOrEmpty: isEmpty,
      isNullOrBlank: isBlank,
      defaultIfNull: function (v, d) { return v === null || v === undefined ? d : v; },
      defaultIfNullOrEmpty: function (v, d) { return isEmpty(v) ? d : v; },
      defaultIfNullOrBlank: function (v, d) { return isBlank(v) ? d : v; },
      isString: function (v) { return typeof v === "string"; },
      isNumber: function (v) { return typeof v === "number"; },
      isBoolean: function (v) { return typeof v === "boolean"; },
      isList: function (v) { return Array.isArray(v); },
      isMap: function (v) { return v !== null && typeof v === "object" && !Array.isArray(v); },
      typeOf: function (v) {
        if (v === null || v === undefined) return "Null";
        if (Array.isArray(v)) return "List";
        return { number: "Number", string: "String", boolean: "Boolean", object: "Map" }[typeof v] || "Object";
      },
      matches: function (pattern, text) { return new RegExp("^(?:" + pattern + ")$").test(String(text)); },
      urlEncode: function (text) { return encodeURIComponent(String(text)).replace(/%20/g, "+").replace(/[!'()~]/g, function (c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); }); },
      urlDecode: function (text) { return decodeURIComponent(String(text).replace(/\+/g, " ")); },
      base64Encode: base64Encode,
      base64Decode: base64Decode,
      escapeJavaScript: function (text) { return JSON.stringify(String(text)).slice(1, -1).replace(/'/g, "\\'").replace(/\//g, "\\/"); },
      time: {
        nowISO8601: function () { return iso(now); },
        nowEpochSeconds: function () { return Math.floor(now / 1000); },
        nowEpochMilliSeconds: function () { return now; },
        nowFormatted: function (pattern, zone) { return format(now, pattern, zone); },
        parseISO8601ToEpochMilliSeconds: function (text) { return Date.parse(text); },
        epochMilliSecondsToSeconds: function (ms) { return Math.floor(ms / 1000); },
        epochMilliSecondsToISO8601: function (ms) { return iso(ms); },
        epochMilliSecondsToFormatted: function (ms, pattern, zone) { return format(ms, pattern, zone); }
      },
      str: {
        toUpper: function (s) { return String(s).toUpperCase(); },
        toLower: function (s) { return String(s).toLowerCase(); },
        toReplace: function (s, a, b) { return String(s).split(a).join(b); },
        normalize: function (s, form) { return String(s).normalize(String(form).toUpperCase()); }
      },
      math: {
        roundNum: function (v) { return Math.round(v); },
        minVal: function (a, b) { return Math.min(a, b); },
        maxVal: function (a, b) { return Math.max(a, b); },
        randomDouble: function () { return random() / 4294967296; },
        randomWithinRange: function (a, b) { var lo = Math.min(a, b), hi = Math.max(a, b); return lo + (random() % (hi - lo + 1)); }
      },
      dynamodb: {
        toDynamoDB: toDynamoDB,
        toMapValues: toMapValues,
        toString: function (s) { return { S: s }; },
        toStringSet: function (l) { return { SS: l }; },
        toNumber: function (n) { return { N: n }; },
        toNumberSet: function (l) { return { NS: l }; },
        toBinary: function (b) { return { B: b }; },
        toBinarySet: function (l) { return { BS: l }; },
        toBoolean: function (b) { return { BOOL: b }; },
        toNull: function () { return { NULL: null }; },
        toList: function (l) { return { L: l.map(toDynamoDB) }; },
        toMap: function (m) { return { M: toMapValues(m) }; },
        toS3Object: function (key, bucket, region, version) {
          var s3 = { key: key, bucket: bucket, region: region };
          if (version !== undefined) s3.version = version;
          return { S: JSON.stringify({ s3: s3 }) };
        },
        fromS3ObjectJson: function (text) { return JSON.parse(text).s3; }
      }
    };
    var runtime = { earlyReturn: function (value) { throw new EarlyReturn(value === undefined ? null : value); } };
    function show(args) {
      return Array.prototype.map.call(args, function (a) {
        return typeof a === "string" ? a : JSON.stringify(a);
      }).join(" ");
    }
    var console = {
      log: function () { state.logs.push(show(arguments)); },
      info: function () { state.logs.push(show(arguments)); },
      warn: function () { state.logs.push(show(arguments)); },
      debug: function () { state.logs.push(show(arguments)); },
      error: function () { state.logs.push(show(arguments)); }
    };
    var modules = {
      "@aws-appsync/utils": { util: util, runtime: runtime, extensions: {} }
    };
    function require(name) {
      if (!Object.prototype.hasOwnProperty.call(modules, name)) {
        throw new Error("Cannot find module '" + name + "'");
      }
      return modules[name];
    }
    var ctx = ctxData;
    ctx.args = ctx.arguments;
    function invoke(exported, name) {
      var answer = { logs: state.logs, outErrors: state.outErrors, returned: false };
      try {
        var fn = exported[name];
        if (typeof fn !== "function") {
          throw new Error("The code does not export a " + name + " function");
        }
        var value = fn(ctx);
        answer.result = value === undefined ? null : value;
      } catch (e) {
        if (e instanceof EarlyReturn) { answer.result = e.value; answer.returned = true; }
        else if (e instanceof Raised) { answer.failure = e.failure; }
        else { answer.failure = { message: e && e.message !== undefined ? String(e.message) : String(e), errorType: null, data: null, errorInfo: null, runtime: true }; }
      }
      answer.stash = ctx.stash;
      return JSON.stringify(answer);
    }
    return { util: util, runtime: runtime, console: console, require: require, invoke: invoke };
  }
  return { newRun: newRun };
})();
"""
