"""The template engines AppSync resolvers run: VTL mapping templates and ``APPSYNC_JS`` code.

One small surface, shared by ``EvaluateMappingTemplate`` / ``EvaluateCode`` and by the GraphQL
endpoint that runs resolvers::

    from mockgw import templates
    outcome = templates.evaluate_vtl(template_text, context)          # VTL
    outcome = templates.evaluate_js(code, context, function="request")  # APPSYNC_JS

``context`` is the resolver context as a plain dict, in the shape AppSync hands a resolver
(``arguments``, ``source``, ``result``, ``error``, ``identity``, ``request``, ``info``,
``stash``, ``prev``, ``env``); missing members are empty. Both return an :class:`Evaluation`:
the text the template rendered (VTL) or the JSON of the value the function returned (JS), the
error raised by ``$util.error``/``util.error`` or by the code itself, the log lines, the stash
as the code left it and the errors appended with ``appendError``.

API Gateway's mapping templates are VTL too, with that service's ``$input``, ``$util``,
``$context`` and ``$stageVariables``: :func:`mockgw.templates.mapping.render`.

The engines are third-party and imported on first use only (``import mockgw`` loads neither):
VTL runs on a private copy of ``airspeed`` (a Velocity engine), ``APPSYNC_JS`` on
V8 through ``mini-racer`` (an optional extra: ``pip install 'mockgw[appsync-js]'``; without it
:class:`EngineMissingError` names the extra). This package is the base layer: it imports
nothing from services or the core, only :mod:`mockgw.clock` (``$util.time``) and
:mod:`mockgw.ids` (``$util.autoId`` and friends, seedable).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockgw.templates.outcome import EngineMissingError, Evaluation, TemplateFailure

__all__ = ["EngineMissingError", "Evaluation", "TemplateFailure", "evaluate_js", "evaluate_vtl"]


def evaluate_vtl(template: str, context: Mapping[str, Any]) -> Evaluation:
    """Render a VTL mapping template with AppSync's ``$util``, ``$ctx`` and ``$context``."""
    from mockgw.templates import vtl

    return vtl.evaluate(template, context)


def evaluate_js(code: str, context: Mapping[str, Any], function: str = "request") -> Evaluation:
    """Run ``function`` (``request`` or ``response``) of an ``APPSYNC_JS`` module."""
    from mockgw.templates import appsync_js

    return appsync_js.evaluate(code, context, function)
