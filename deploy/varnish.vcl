#
# Varnish in front of Newsroom: the edge cache for reader pages (Varnish 7.1 with
# varnish-modules for xkey; `apt-get install varnish varnish-modules`).
#
# What it does:
# - Keeps reader pages for as long as the app's Surrogate-Control says (a day), and
#   forgets them by key when they change: the app's worker sends `PURGE /` with the
#   keys in `xkey-purge: k1 k2 ...` and the shared secret in `X-Purge-Secret`
#   (caching/edge.py). A purge is soft: the old copy stays in storage, unused
#   while the app answers, served if it does not.
# - Never caches for a signed-in editor (a `sessionid` cookie), the desk, the admin,
#   /healthz, anything but GET and HEAD, or any response that sets a cookie or says
#   private/no-store. Other cookies (analytics, CSRF) are dropped from cacheable
#   requests, so they do not split the cache or reach the app.
# - When the app is down or answers 5xx, serves the page it last had, up to a day
#   old (Surrogate-Control's stale-if-error), rather than an error.
# - Hides the keys and Surrogate-* headers from readers; adds X-Cache: HIT or MISS.
#
# Before deploying, change two things (tests/varnish_server.py does the same by
# text replacement):
# - the backend's `.host` and `.port` lines below: the app server (gunicorn);
# - CHANGE-ME, in the purge section: the value of NEWSROOM_EDGE_SECRET. It is the
#   only place that word appears, e.g.
#       sed -i "s/CHANGE-ME/$NEWSROOM_EDGE_SECRET/" /etc/varnish/default.vcl
#   (a secret of letters, digits and - _ . ~ + / = only: it sits in a VCL string).
# The app sets NEWSROOM_EDGE_PURGE=varnish+http://HOST:PORT (Varnish's own address).
#
# Debugging: a request from the purgers ACL with `X-Newsroom-Debug: 1` sees the
# xkey, Surrogate-Key and Surrogate-Control headers the app sent.

vcl 4.1;

import std;
import xkey;

# No health probe: /healthz also reports Redis, and pages work without it, so a
# probe would cut readers off a working app. A failed fetch is the signal instead
# (see vcl_backend_error and vcl_synth).
backend origin {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge and see the debug headers: the app's own machine by default. Add the
# worker's address if it runs elsewhere.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.restarts == 0) {
        # Set only by vcl_synth below, on the second try of a request.
        unset req.http.X-Newsroom-Stale;
        # While the app answers, a page past its life (or soft-purged) is fetched
        # afresh, so an edit shows at once; the old copy is kept for when it does not.
        set req.grace = 0s;
    } else if (req.http.X-Newsroom-Stale) {
        # The app just failed: take any copy still within its grace.
        set req.grace = 1000d;
    }

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not a purger"));
        }
        if (req.http.X-Purge-Secret != "CHANGE-ME") {
            return (synth(403, "Wrong secret"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No keys in xkey-purge"));
        }
        set req.http.X-Newsroom-Purged = xkey.softpurge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Newsroom-Purged));
    }

    if (req.method != "GET" && req.method != "HEAD" && req.method != "POST" &&
        req.method != "PUT" && req.method != "PATCH" && req.method != "DELETE" &&
        req.method != "OPTIONS") {
        # BAN, TRACE, CONNECT and the like: not for the app, and never piped.
        return (synth(405));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The desk under either name (ADMIN_URL may move it), and the load balancer's check.
    if (req.url ~ "^/(desk|admin)(/|\?|$)" || req.url ~ "^/healthz(\?|$)") {
        return (pass);
    }
    # A signed-in editor sees drafts and the desk's bar: never shared, never stored.
    if (req.http.Cookie ~ "(^|;)\s*sessionid=") {
        return (pass);
    }
    # Readers are anonymous: whatever else they carry does not change the page.
    unset req.http.Cookie;
    # The built-in rules follow: lower-case Host, pass requests with Authorization.
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        # A pass or a hit-for-miss: hand over whatever the app said.
        return (deliver);
    }
    if (beresp.status >= 500 && (bereq.is_bgfetch || !bereq.http.X-Newsroom-Stale)) {
        # The app is failing: give up this fetch, which keeps the stale copy; vcl_synth
        # retries the request to serve it. On that retry the app's own error page goes out.
        return (abandon);
    }

    if (beresp.http.Set-Cookie ||
        beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)" ||
        beresp.http.Surrogate-Control ~ "(?i)no-store" ||
        beresp.http.Vary == "*") {
        call newsroom_dont_store;
    }
    # Varnish reads Cache-Control (for browsers: a minute) and Expires itself, not
    # Surrogate-Control, which is for us: a day, since every change is purged.
    if (beresp.http.Surrogate-Control ~ "(?i)(^|[ ,])max-age=[0-9]+") {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "(?i)^(.*[ ,])?max-age=([0-9]+).*$", "\2s"),
            0s);
    } else if (beresp.http.Cache-Control !~ "(?i)(max-age|s-maxage)=" && !beresp.http.Expires) {
        # Nothing says this may be kept: don't guess (Varnish would keep it 2 minutes).
        call newsroom_dont_store;
    }
    if (beresp.ttl <= 0s) {
        call newsroom_dont_store;
    }

    # Grace: how long a stale copy may stand in while the app is down.
    if (beresp.http.Surrogate-Control ~ "(?i)(^|[ ,])stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Surrogate-Control,
                "(?i)^(.*[ ,])?stale-if-error=([0-9]+).*$", "\2s"),
            24h);
    } else {
        set beresp.grace = 24h;
    }
    # Past grace, still kept a while so a fetch can be a conditional one (304).
    set beresp.keep = 24h;
    return (deliver);
}

sub newsroom_dont_store {
    # Hit-for-miss, as Varnish's built-in rules do: for the next 2 minutes requests for
    # this page go straight to the app, without queueing behind one another.
    set beresp.ttl = 120s;
    set beresp.grace = 0s;
    set beresp.uncacheable = true;
    return (deliver);
}

sub vcl_backend_error {
    # No answer from the app (refused, timed out). As for a 5xx above: give up, keeping
    # the stale copy, unless this is already the retry.
    if (!bereq.uncacheable && (bereq.is_bgfetch || !bereq.http.X-Newsroom-Stale)) {
        return (abandon);
    }
}

sub vcl_synth {
    if (resp.status == 503 && req.restarts == 0 &&
        (req.method == "GET" || req.method == "HEAD")) {
        # A fetch given up above (passes never are): once more, allowing a stale copy.
        set req.http.X-Newsroom-Stale = "1";
        return (restart);
    }
    if (req.method == "PURGE") {
        # For the worker's log: one line, no HTML.
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = resp.reason + {"
"};
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    if (resp.http.Surrogate-Control) {
        # Our copy is current (changes are purged) however long we have held it; a
        # browser counting our Age against its max-age would hardly keep the page at all.
        set resp.http.Age = "0";
    }
    if (!(req.http.X-Newsroom-Debug == "1" && client.ip ~ purgers)) {
        unset resp.http.xkey;
        unset resp.http.Surrogate-Key;
        unset resp.http.Surrogate-Control;
    }
}
