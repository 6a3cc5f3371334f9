#!/usr/bin/env bash
# Whole-process comparison of `tshoot search` against `fzf --filter` on the same entries and
# the same typed queries, all in one hyperfine run. Start-up (loading and indexing the
# embedded library) is part of what is measured for tshoot, as an operator experiences it.
#
# Needs: fzf, hyperfine and python3 (Debian: apt-get install -y fzf hyperfine).
# Run:   benches/vs_fzf.sh            prints hyperfine's figures, then a Markdown table with
#                                     the tshoot/fzf ratio per query (the BENCHMARKS.md table)
# Env:   VS_FZF_RUNS (runs per command, default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in fzf hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "vs_fzf: needs $tool (apt-get install -y fzf hyperfine)" >&2; exit 2; }
done
cargo build --release --quiet
bin=target/release/tshoot
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# No personal flows: only the shipped library, which is what fzf gets too.
export XDG_CONFIG_HOME="$work/config"
unset TSHOOT_FLOWS || true

# The entries fzf sees: one line per flow and known error, with what tshoot's typed search
# matches against (title, codes, id, product, app).
"$bin" list --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
for f in d["flows"]:
    print(f["title"], f["id"], f["product"], sep="  ")
for e in d["errors"]:
    print(e["title"], " ".join(e["codes"]), e["id"], e["product"], e.get("app") or "", sep="  ")
' > "$work/lines.txt"
echo "entries: $(wc -l < "$work/lines.txt")"

queries=(c cons consent aadsts5002 "box refresh" "wait 5" invalid_grant "token cache clear")
cmds=()
for q in "${queries[@]}"; do
  cmds+=("$bin search --limit 10 '$q' > /dev/null")
  cmds+=("fzf --filter '$q' < $work/lines.txt > /dev/null")
done
# -i: tshoot exits 1 when nothing is confident, fzf when nothing matches; both are answers.
hyperfine -i --warmup 10 --runs "${VS_FZF_RUNS:-100}" --export-json "$work/r.json" "${cmds[@]}"

python3 - "$work/r.json" "${queries[@]}" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
queries = sys.argv[2:]
print("\n| query | tshoot search | fzf --filter | tshoot / fzf |")
print("|---|---|---|---|")
ratios = []
for i, q in enumerate(queries):
    t = results[2 * i]["mean"] * 1000
    f = results[2 * i + 1]["mean"] * 1000
    ratios.append(t / f)
    print(f"| `{q}` | {t:.2f} ms | {f:.2f} ms | {t / f:.2f} |")
geo = 1.0
for r in ratios:
    geo *= r
geo **= 1 / len(ratios)
print(f"\ngeometric mean of tshoot / fzf: {geo:.2f} (below 1: tshoot is faster)")
PY
