#!/usr/bin/env python3
"""Eight signed-in people saving at once against a running `riktning serve`.

Each client signs in (its own session), then for DURATION seconds: opens its own
assessment form, saves it with a new analysis, opens the shared indicator's
settings and saves a new name. It counts every answer by status, times each save,
and records the saves the server confirmed (303). Afterwards the confirmed saves
are compared with the audit trail (`riktning audit --json`): a confirmed save that
is not on the trail is a lost update.

    python3 bench/concurrent_saves.py --url http://127.0.0.1:18281/arbeta --db FILE_OR_URL \
        --password PASSWORD --goals 12,13,... --indicator 3

Standard library only.
"""
import argparse
import http.cookiejar
import json
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def client_opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def fetch(opener, url, data=None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, body, timeout=60) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def hidden(page, name):
    found = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), page)
    return found.group(1) if found else ""


def sign_in(opener, base, user, password):
    _, page = fetch(opener, base + "/logga-in")
    status, _ = fetch(opener, base + "/logga-in",
                      {"username": user, "password": password, "csrf": hidden(page, "csrf")})
    if status != 303:
        raise SystemExit(f"sign-in as {user} answered {status}")


def work(index, args, results):
    opener = client_opener()
    base = args.url
    sign_in(opener, base, args.user, args.password)
    goal = args.goals[index % len(args.goals)]
    form_url = f"{base}/mal/{goal}/bedomning?period={args.period}&enhet={args.unit}"
    settings_url = f"{base}/indikator/{args.indicator}/redigera"
    statuses, latencies, confirmed = {}, [], 0
    deadline = time.monotonic() + args.duration
    round_no = 0
    while time.monotonic() < deadline:
        round_no += 1
        _, page = fetch(opener, form_url)
        started = time.monotonic()
        status, _ = fetch(opener, f"{base}/mal/{goal}/bedomning", {
            "csrf": hidden(page, "csrf"), "period": args.period, "enhet": args.unit,
            "version": hidden(page, "version"), "level": "ej_bedomt", "reason": "Prov",
            "analysis": f"Klient {index}, omgång {round_no}",
        })
        latencies.append(time.monotonic() - started)
        statuses[status] = statuses.get(status, 0) + 1
        confirmed += status == 303

        _, page = fetch(opener, settings_url)
        started = time.monotonic()
        status, _ = fetch(opener, settings_url, {
            "csrf": hidden(page, "csrf"), "version": hidden(page, "version"),
            "name": f"Indikator {index}-{round_no}", "unit": "st", "decimals": "0",
            "direction": "higher_is_better",
        })
        latencies.append(time.monotonic() - started)
        statuses[status] = statuses.get(status, 0) + 1
        confirmed += status == 303
    results[index] = (statuses, latencies, confirmed)


def audit_count(args):
    out = subprocess.run([args.riktning, "--db", args.db, "audit", "--json"],
                         check=True, capture_output=True, text=True).stdout
    return sum(1 for event in json.loads(out)
               if event.get("entity") in ("assessment", "indicator"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--riktning", default="target/release/riktning")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", required=True)
    parser.add_argument("--goals", required=True, type=lambda s: s.split(","))
    parser.add_argument("--indicator", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--label", default="")
    args = parser.parse_args()

    # The period and unit of the assessment form, as the first goal's page links them.
    opener = client_opener()
    sign_in(opener, args.url, args.user, args.password)
    _, page = fetch(opener, f"{args.url}/mal/{args.goals[0]}")
    link = re.search(r'/mal/%s/bedomning\?period=(\d+)&(?:amp;)?enhet=(\d+)' % args.goals[0], page)
    if not link:
        raise SystemExit("the goal page has no assessment link")
    args.period, args.unit = link.group(1), link.group(2)

    trail_before = audit_count(args)
    results = {}
    threads = [threading.Thread(target=work, args=(i, args, results)) for i in range(args.clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    trail_after = audit_count(args)

    statuses, latencies, confirmed = {}, [], 0
    for client_statuses, client_latencies, client_confirmed in results.values():
        for status, count in client_statuses.items():
            statuses[status] = statuses.get(status, 0) + count
        latencies += client_latencies
        confirmed += client_confirmed
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan")
    p50 = latencies[len(latencies) // 2] if latencies else float("nan")
    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    lost = confirmed - (trail_after - trail_before)
    print(f"{args.label}: {args.clients} clients, {elapsed:.0f} s")
    print(f"  saves answered: {sum(statuses.values())} ({', '.join(f'{s}: {n}' for s, n in sorted(statuses.items()))})")
    print(f"  confirmed saves per second: {confirmed / elapsed:.1f}")
    print(f"  save latency: p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    print(f"  5xx answers: {server_errors}")
    print(f"  lost updates (confirmed saves missing from the audit trail): {lost}")
    if server_errors or lost:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
