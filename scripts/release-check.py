#!/usr/bin/env python3
"""The checks of scripts/release-check.sh against a running published app (standard library only).

usage: release-check.py <base url> fresh <data folder> <publish folder>
       release-check.py <base url> admin <data folder> <email> <password>
       release-check.py <base url> v1-before <data folder>               (prints v1's counts as JSON; no app running)
       release-check.py <base url> upgraded <data folder> <v1-before.json> <app log>
Prints "ok - ..." or "FAIL - ..." per check; exit code 1 when one failed."""
import gzip, html, http.cookiejar, json, os, re, sqlite3, sys, urllib.error, urllib.parse, urllib.request

base, phase, data = sys.argv[1], sys.argv[2], sys.argv[3]
failed = 0


def check(ok, what, detail=""):
    global failed
    print(("ok - " if ok else "FAIL - ") + what + ("" if ok or not detail else f": {detail}"))
    failed += 0 if ok else 1


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


class PlainHttpPolicy(http.cookiejar.DefaultCookiePolicy):
    """The sign-in cookie is Secure in Production: send it over the loopback http, as a TLS-terminating proxy does."""
    def return_ok_secure(self, cookie, request):
        return True


opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(PlainHttpPolicy())), NoRedirect)


def get(path, headers=None, data_=None):
    """(status, headers, body bytes) without following redirects."""
    request = urllib.request.Request(base + path, data=data_, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def scalar(sql):
    with sqlite3.connect(f"file:{os.path.join(data, 'dxtracker.db')}?mode=ro", uri=True) as db:
        return db.execute(sql).fetchone()[0]


def sign_in(email, password):
    """The sign-in form posted as a browser does: True when it redirects away from the form."""
    _, _, form = get("/account/login")
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.decode()))
    fields = {k: html.unescape(v) for k, v in fields.items()}
    fields.update({"Input.Email": email, "Input.Password": password})
    status, headers, _ = get("/account/login", data_=urllib.parse.urlencode(fields).encode())
    return status == 302 and "/account/login" not in (headers["Location"] or "")


def health():
    status, _, body = get("/healthz")
    return status, json.loads(body) if status == 200 else {}


if phase == "fresh":
    publish = sys.argv[4]
    status, h = health()
    check(status == 200 and h.get("status") == "Healthy", "/healthz answers Healthy", f"{status} {h}")
    check(re.fullmatch(r"\d+\.\d+\.\d+(\+[0-9a-f]{7})?", h.get("version") or "") is not None, f"/healthz shows the version ({h.get('version')})")
    check(bool(re.fullmatch(r"\d{14}_\w+", h.get("schema") or "")), f"/healthz shows the latest migration ({h.get('schema')})")
    check(scalar("SELECT COUNT(*) FROM AspNetUsers") == 0, "no account exists before create-admin")
    check(scalar("SELECT COUNT(*) FROM Procedures") == 0, "demo mode is off: no demo ward")
    check(not sign_in("dx1@demo.example.jp", "demo-password-2026"), "demo mode is off: the demo sign-in is refused")
    status, headers, _ = get("/")
    check(status == 302 and "/account/login" in (headers["Location"] or ""), "an anonymous visitor is sent to the sign-in page", status)

    status, headers, page = get("/account/login")
    text = page.decode()
    check(status == 200, "the sign-in page answers 200", status)
    csp = headers["Content-Security-Policy"] or ""
    check("frame-ancestors 'none'" in csp and re.search(r"script-src 'self' 'nonce-", csp) is not None, "Content-Security-Policy", csp)
    check(headers["X-Content-Type-Options"] == "nosniff", "X-Content-Type-Options: nosniff")
    check(headers["X-Frame-Options"] == "DENY", "X-Frame-Options: DENY")
    check(headers["Referrer-Policy"] == "same-origin", "Referrer-Policy: same-origin")
    check(headers["Server"] is None and headers["X-Powered-By"] is None, "no Server / X-Powered-By header")
    _, proxied, _ = get("/account/login", {"X-Forwarded-Proto": "https", "Host": "dx.city.example.jp"})
    check((proxied["Strict-Transport-Security"] or "").startswith("max-age="),
          "HSTS when nginx on this machine forwards HTTPS (X-Forwarded-Proto believed from loopback)")
    check("ログイン" in text, "Japanese is written as characters")
    entities = [e for e in re.findall(r"&#x([0-9A-Fa-f]+);", text) if int(e, 16) > 0x7F]
    check(not entities, "no non-ASCII character escaped as &#x…;", " ".join(entities[:10]))

    css = re.search(r'href="(_content/MudBlazor/MudBlazor\.min\.[^"]*\.css)"', text)
    check(css is not None, "MudBlazor's stylesheet is linked by a fingerprinted name", re.findall(r'href="([^"]+\.css)"', text))
    if css:
        path = "/" + css.group(1)
        _, _, raw = get(path, {"Accept-Encoding": "identity"})
        for encoding, decode in (("br", None), ("gzip", gzip.decompress)):
            status, headers, body = get(path, {"Accept-Encoding": encoding})
            check(status == 200 and headers["Content-Encoding"] == encoding, f"{path} served with Content-Encoding: {encoding}", f"{status} {headers['Content-Encoding']}")
            check(len(body) * 4 < len(raw), f"{encoding}: {len(body):,} bytes for {len(raw):,} raw")
            if decode:
                check(decode(body) == raw, "gzip body decompresses to the stylesheet")
            cache = headers["Cache-Control"] or ""
            check("max-age=31536000" in cache and "immutable" in cache, f"{encoding}: long cache lifetime", cache)
        files = [f for f in os.listdir(os.path.join(publish, "wwwroot", "_content", "MudBlazor")) if f.endswith((".br", ".gz"))]
        check(any(f.endswith(".br") for f in files) and any(f.endswith(".gz") for f in files),
              "precompressed .br and .gz files are in the published wwwroot", files[:6])

elif phase == "admin":
    email, password = sys.argv[4], sys.argv[5]
    check(scalar("SELECT COUNT(*) FROM AspNetUsers") == 1, "create-admin made exactly one account")
    check(sign_in(email, password), "the created user signs in")
    status, _, page = get("/")
    check(status == 200 and "リリース 確認" in page.decode(), "the home page greets the signed-in user", status)

elif phase == "v1-before":
    print(json.dumps({
        "procedures": scalar("SELECT COUNT(*) FROM Procedures"),
        "statusChanges": scalar("SELECT COUNT(*) FROM StatusChanges"),
        "users": scalar("SELECT COUNT(*) FROM AspNetUsers"),
        "audit": scalar("SELECT COUNT(*) FROM AuditEntries"),
        "migrations": scalar("SELECT COUNT(*) FROM __EFMigrationsHistory"),
    }))

elif phase == "upgraded":
    before = json.load(open(sys.argv[4]))
    log = open(sys.argv[5], encoding="utf-8", errors="replace").read()
    status, h = health()
    check(status == 200 and h.get("status") == "Healthy", "the published app starts healthy on the v1 database", f"{status} {h}")
    latest = scalar("SELECT MAX(MigrationId) FROM __EFMigrationsHistory")
    check(h.get("schema") == latest, f"the v1 database is on the current schema ({latest})")
    pending = scalar("SELECT COUNT(*) FROM __EFMigrationsHistory") - before["migrations"]
    backups = os.path.join(data, "backups")
    if pending:
        folders = os.listdir(backups) if os.path.isdir(backups) else []
        check(len(folders) == 1 and os.path.join(backups, folders[0]) in log,
              f"{pending} migration(s) applied after a backup named in the log", folders)
    else:
        check(not os.path.exists(backups), "no migration pending: no backup")
    for key, table in (("procedures", "Procedures"), ("statusChanges", "StatusChanges"), ("users", "AspNetUsers")):
        check(scalar(f"SELECT COUNT(*) FROM {table}") == before[key], f"v1's {before[key]:,} rows of {table} are there")
    check(scalar("SELECT COUNT(*) FROM AuditEntries") >= before["audit"], "v1's audit entries are there")
    check(sign_in("admin@v1.example.jp", "v1-fixture-passphrase-2026"), "v1's user signs in with the v1 password")

sys.exit(1 if failed else 0)
