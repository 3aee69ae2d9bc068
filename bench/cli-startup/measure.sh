#!/bin/bash
# Modules loaded (a load-hook counts them) and median wall time of `sigmactl ARG` against a built CLI: bench/cli-startup/measure.sh dist/cli/main.js --version
# usage: measure.sh DIST_MAIN ARG  -> modules loaded (ours, deps) and median wall time of 7 runs
tmp=$(mktemp)
main=$1; arg=$2
rm -f "$tmp"
COUNT_MODULES_FILE="$tmp" node --import "$(cd "$(dirname "$0")" && pwd)/register.mjs" $main $arg >/dev/null
ours=$(sort -u "$tmp" | grep -v node_modules | wc -l); deps=$(sort -u "$tmp" | grep -c node_modules)
ts=()
for i in 1 2 3 4 5 6 7; do s=$(date +%s%N); node $main $arg >/dev/null; e=$(date +%s%N); ts+=($(( (e-s)/1000000 ))); done
med=$(printf "%s\n" "${ts[@]}" | sort -n | sed -n 4p)
echo "$arg: $ours own modules, $deps dependency modules, median ${med} ms (runs: ${ts[*]})"
