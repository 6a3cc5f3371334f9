#!/usr/bin/env bash
# Whole-process comparison of `tshoot search` against `fzf --filter` on the same entries and
# queries, in one hyperfine run. Start-up (loading and indexing the embedded library) is part
# of what is measured for tshoot, as an operator would experience it.
#
# Needs: fzf and hyperfine (Debian: apt-get install fzf hyperfine), a release build.
# Run: benches/vs_fzf.sh   (prints hyperfine's table and the tshoot/fzf ratio per query)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/tshoot
lines=$(mktemp)
trap 'rm -f "$lines"' EXIT
# The same entries fzf sees: one line per flow and known error (id, title, product, codes).
"$bin" list --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
for f in d["flows"]:
    print(f["id"], f["title"], f["product"], sep="  ")
for e in d["errors"]:
    print(e["id"], e["title"], e["product"], e.get("app") or "", " ".join(e["codes"]), sep="  ")
' > "$lines"
echo "entries: $(wc -l < "$lines")"
for q in consent aadsts5002 "box refresh" "wait 5"; do
  hyperfine -i --warmup 3 --runs 30 --export-json /tmp/vs_fzf.json \
    "$bin search --limit 10 \"$q\"" \
    "fzf --filter \"$q\" --no-sort < $lines" 2>/dev/null | grep -E "Time|±" || true
  python3 - "$q" <<'PY'
import json, sys
r = json.load(open("/tmp/vs_fzf.json"))["results"]
t, f = r[0]["mean"] * 1000, r[1]["mean"] * 1000
print(f"query {sys.argv[1]!r}: tshoot {t:.2f} ms, fzf {f:.2f} ms, ratio tshoot/fzf {t/f:.2f}")
PY
done
