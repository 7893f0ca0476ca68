#!/usr/bin/env bash
# The public site on publication day: the public goal page (goal 1.4 of the demo's
# published tertial) and one API answer (that publication as JSON), each against nginx
# serving the very same bytes as a static file, in the same run, at 4 and 16
# connections. Prints requests per second, p99 and the ratios.
#
#   bash bench/public-site.sh      # needs wrk and nginx (Debian packages)
#
# Server, nginx and wrk share the machine; each wrk run uses 2 threads for
# $SECONDS_PER_RUN seconds (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${SECONDS_PER_RUN:-10}"
port="${PORT:-18380}"
port_nginx=$((port + 1))
scratch="$(mktemp -d)"
cargo build --release -q -p riktning
cp "${CARGO_TARGET_DIR:-$PWD/target}/release/riktning" "$scratch/riktning"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT

RIKTNING_ADMIN_PASSWORD=bench-lösenord-1234 "$scratch/riktning" --db "$scratch/demo.db" serve --demo \
  --bind "127.0.0.1:$port" >"$scratch/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done

base="http://127.0.0.1:$port"
publication=$(curl -s "$base/" | grep -o 'href="/publicering/[0-9]*"' | head -1 | grep -o '[0-9]\+')
goal_path=$(curl -s "$base/publicering/$publication" | grep -o "href=\"/publicering/$publication/mal/[0-9]*\">1.4 " |
  grep -o '/publicering/[0-9]*/mal/[0-9]*' | head -1)
api_path="/api/v1/publikationer/$publication"
mkdir -p "$scratch/www/api"
chmod a+rx "$scratch" "$scratch/www" "$scratch/www/api" # nginx's workers run as an unprivileged user
curl -s "$base$goal_path" >"$scratch/www/goal.html"
curl -s "$base$api_path" >"$scratch/www/api/one.json"
chmod a+r "$scratch/www/goal.html" "$scratch/www/api/one.json"
cat >"$scratch/nginx.conf" <<EOF
worker_processes auto;
pid $scratch/nginx.pid;
error_log $scratch/nginx-error.log;
events { worker_connections 256; }
http {
  # Riktning writes a line per request to its log; nginx writes its access log, so
  # that both do the same work per answer.
  access_log $scratch/nginx-access.log;
  client_body_temp_path $scratch/nginx-body;
  proxy_temp_path $scratch/nginx-proxy;
  fastcgi_temp_path $scratch/nginx-fastcgi;
  uwsgi_temp_path $scratch/nginx-uwsgi;
  scgi_temp_path $scratch/nginx-scgi;
  types { text/html html; application/json json; }
  server { listen 127.0.0.1:$port_nginx; root $scratch/www; }
}
EOF
nginx -p "$scratch" -c "$scratch/nginx.conf" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port_nginx/goal.html" >/dev/null && break; sleep 0.1; done
cmp -s <(curl -s "http://127.0.0.1:$port_nginx/goal.html") "$scratch/www/goal.html"

measure() { # url connections -> "req/s p99_ms"
  local out
  out=$(wrk -t2 -c"$2" -d"${seconds}s" --latency "$1")
  if echo "$out" | grep -q 'Non-2xx'; then
    echo "$1 answered with errors" >&2
    exit 1
  fi
  local rps p99
  rps=$(echo "$out" | awk '/^Requests\/sec/ { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }')
  echo "$rps $p99"
}

echo "public goal page: $base$goal_path ($(wc -c <"$scratch/www/goal.html") bytes)"
echo "API answer: $base$api_path ($(wc -c <"$scratch/www/api/one.json") bytes)"
echo
printf '%-34s %5s %12s %10s %12s %10s %7s\n' "what" "conns" "riktning/s" "p99 ms" "nginx/s" "p99 ms" "ratio"
for connections in 4 16; do
  for pair in "goal page|$base$goal_path|http://127.0.0.1:$port_nginx/goal.html" \
    "API publication|$base$api_path|http://127.0.0.1:$port_nginx/api/one.json"; do
    IFS='|' read -r what ours theirs <<<"$pair"
    read -r ours_rps ours_p99 < <(measure "$ours" "$connections")
    read -r nginx_rps nginx_p99 < <(measure "$theirs" "$connections")
    ratio=$(awk -v a="$ours_rps" -v b="$nginx_rps" 'BEGIN { printf "%.3f", a / b }')
    printf '%-34s %5s %12s %10s %12s %10s %7s\n' "$what" "$connections" "$ours_rps" "$ours_p99" "$nginx_rps" "$nginx_p99" "$ratio"
  done
done
echo
echo "($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); wanted: goal page ≥ 0.5 × nginx, p99 < 10 ms at 16 connections)"
