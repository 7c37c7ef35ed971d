"""Errors as RFC 9457 problem details: every answer under /api/ that is not a success.

Views raise or return them through ``response``; ``ApiMiddleware`` turns what the
rest of Django answers under /api/ (a 404 for an address no route has, a 405, a 500,
the database's 503) into one too, so a client never parses HTML.
"""

import json
from http import HTTPStatus

from django.http import HttpResponse

CONTENT_TYPE = "application/problem+json"
# Headers an error keeps when it is written again as a problem.
KEPT_HEADERS = ("Allow", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")

DETAILS = {
    404: "Nothing is published at this address.",
    405: "The API only answers GET (and HEAD and OPTIONS).",
    500: "Something went wrong on our side; it has been logged. Try again later.",
    503: "The site is briefly unavailable. Try again in a little while.",
}


def response(request, status, detail, *, errors=None, headers=None):
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    answer = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        answer[name] = value
    return answer


def as_problem(request, answer):
    """``answer`` (an error) as problem details, unless it is one already."""
    if answer.get("Content-Type", "").startswith(CONTENT_TYPE):
        return answer
    status = answer.status_code
    detail = DETAILS.get(status) or HTTPStatus(status).phrase
    kept = {name: answer[name] for name in KEPT_HEADERS if name in answer}
    problem = response(request, status, detail, headers=kept)
    if "Cache-Control" in answer:
        problem["Cache-Control"] = answer["Cache-Control"]
    return problem
