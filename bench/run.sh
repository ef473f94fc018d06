#!/usr/bin/env bash
# run.sh: indicatord against its peers and against the limit of its own
# stack, on this machine, in one go. `make bench` builds what it needs and
# runs this; see bench/README.md. Prints a table and writes
# bench/results.md (figures, ratios, the exact commands, the machine).
#
#   bench/run.sh [scrape] [prometheus] [ingest] [graph] [growth] [overview]
#
# With no argument every section runs. Each ratio compares indicatord with
# an anchor measured in the same run on the same data; runs alternate
# (indicatord, anchor, indicatord, anchor, ...) so that the machine's noise
# hits both alike, and each figure is the median of BENCH_REPS runs.
# Environment: BENCH_REPS (3), BENCH_DURATION (wrk seconds for /metrics,
# 10), BENCH_GRAPH_DURATION (5), BENCH_PROM_SECONDS (30), BENCH_SIZES
# ("100 1000 10000 100000"), BENCH_OUT (bench/results.md), BENCH_KEEP=1
# keeps the work directory, INDICATORD_BUILD (build); the growth
# section's own in bench/growth.sh.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
B=${INDICATORD_BUILD:-build}
BIN=$ROOT/$B/indicatord
BB=$ROOT/$B/bench
GEN=$ROOT/bench/gen.sh
REPS=${BENCH_REPS:-3}
DUR=${BENCH_DURATION:-10}
GDUR=${BENCH_GRAPH_DURATION:-5}
PROM_SECONDS=${BENCH_PROM_SECONDS:-30}
SIZES=${BENCH_SIZES:-100 1000 10000 100000}
OUT=${BENCH_OUT:-$ROOT/bench/results.md}
N=1000		# indicators of the scrape, ingest and graph sections
PER=100		# observations per indicator: 100,000 in all
TOKEN=bench-token-0123456789
# What Prometheus 2.42 sends.
PROM_ACCEPT='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
OM_CT='application/openmetrics-text; version=1.0.0; charset=utf-8'
CLK_TCK=$(getconf CLK_TCK)

SECTIONS=${*:-scrape prometheus ingest graph growth overview}
for s in $SECTIONS; do
	case $s in scrape|prometheus|ingest|graph|growth|overview) ;;
	*) echo "run.sh: unknown section $s" >&2; exit 2 ;; esac
done
for f in "$BIN" "$BB/static_server" "$BB/rrd_anchor" "$BB/graph_anchor" \
    "$BB/graph_argv.so" "$BB/render_time" "$BB/overview_time" \
    "$BB/incr_time"; do
	[ -x "$f" ] || [ -f "$f" ] || { echo "run.sh: $f missing: run make bench" >&2; exit 1; }
done

W=$(mktemp -d /tmp/indicatord-bench.XXXXXX)
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	[ "${BENCH_KEEP:-0}" = 1 ] && echo "work directory kept: $W" || rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

declare -A R		# results by key
declare -A CMDS		# the exact command of each measurement, by label
CMD_ORDER=()
T_START=$EPOCHREALTIME

# ---- helpers ---------------------------------------------------------------

say() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

# note LABEL COMMAND...: remember the first command run under LABEL.
note() {
	local label=$1; shift
	[ -n "${CMDS[$label]+x}" ] && return
	CMDS[$label]="$*"
	CMD_ORDER+=("$label")
}

last_word() { set -- $1; echo "${!#}"; }
# linear FACTOR STEP: whether a cost grew by FACTOR over a STEP in size
# no faster than linearly (25 % allowed for noise).
linear() { awk -v f="$1" -v s="$2" 'BEGIN { if (f == "n/a") print ""; else print (f <= s * 1.25 ? "(linear or better)" : "(WORSE than linear)") }'; }
# shq ARG...: the arguments as a shell would need them typed.
shq() {
	local a out=""
	for a in "$@"; do
		case $a in
		*[!A-Za-z0-9_.:\/=,+-]*) out+=" '$a'" ;;	# (no argument here has a quote)
		*) out+=" $a" ;;
		esac
	done
	echo "${out# }"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
calc() { awk "BEGIN { printf \"%.${2:-3}f\", $1 }"; }
# ratio A B [DIGITS]: A / B, or "n/a".
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (a == "" || b == "" || a == "nan" || b == "nan" || a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.*f", d, a / b }'; }
# pair_order ROUND A B: "A B" in odd rounds, "B A" in even ones, so that
# neither side always runs right after the same other run (a server's CPU
# per request here doubles from one run to the next at times; with
# indicatord always first after node_exporter's run it lost the plain
# scrape in 6 of 7 rounds while using the same CPU per request as the
# limit whenever both ran at the same speed).
pair_order() { if [ $(($1 % 2)) = 1 ]; then echo "$2 $3"; else echo "$3 $2"; fi; }
# pratio "A1 A2 ..." "B1 B2 ...": the median of the per-round ratios A_i / B_i
# (each round's two runs were back to back, so they share its noise).
pratio() {
	local -a a b r=()
	local i
	read -ra a <<<"$1"
	read -ra b <<<"$2"
	for i in "${!a[@]}"; do
		[ -n "${b[$i]:-}" ] && r+=("$(ratio "${a[$i]}" "${b[$i]}" 4)")
		done
	[ ${#r[@]} -gt 0 ] || { echo "n/a"; return; }
	calc "$(median "${r[@]}")" 2
}
# check VALUE OP LIMIT: "met" or "MISSED".
check() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { if (v == "n/a" || v == "nan" || v == "") { print "n/a"; exit } ok = op == ">=" ? v >= l : op == "<=" ? v <= l : v < l; print ok ? "met" : "MISSED" }'; }

# free_port: a TCP port of 127.0.0.1 that nothing listens on now.
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 30000))
		ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }
	done
}

# bg LOG CMD...: start CMD in the background; its pid in LASTPID. LOG is
# emptied first, here: wait_listen may read it before CMD's shell runs.
bg() {
	local log=$1; shift
	: >"$log"
	"$@" >>"$log" 2>&1 &
	LASTPID=$!
	PIDS+=("$LASTPID")
}

stop() {	# stop PID: SIGTERM and wait
	local p=$1 i
	kill -TERM "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	for i in "${!PIDS[@]}"; do [ "${PIDS[$i]}" = "$p" ] && unset 'PIDS[i]'; done
}

# wait_listen LOG PID: the port from "listening on 127.0.0.1:PORT" (up to
# 30 minutes: 100,000 indicators create or check 100,000 RRDs first).
# tail follows LOG by inotify and read is bash's own: the loop of sed and
# sleep every 5 ms it replaces took CPU from the daemon it timed (the
# start-up at 100,000 indicators: 8.1 s with it, 5.9 s without, by hand).
wait_listen() {
	local log=$1 pid=$2 line
	log_follow "$log" --pid="$pid"
	while IFS= read -r -u "$LOG_FD" line; do
		[[ $line =~ listening\ on\ 127\.0\.0\.1:([0-9]+) ]] || continue
		log_unfollow
		echo "${BASH_REMATCH[1]}"
		return 0
	done
	log_unfollow
	echo "run.sh: no 'listening on' in $log:" >&2; tail -5 "$log" >&2
	return 1
}

# log_follow LOG [TAIL-OPTION...]: LOG from its first line on LOG_FD as it
# is written (tail -F, woken by inotify; up to 30 minutes), tail's pid in
# LOG_TPID; log_unfollow closes it.
log_follow() {
	local log=$1; shift
	exec {LOG_FD}< <(exec timeout 1800 tail -F -n +1 "$@" "$log" \
	    2>/dev/null)
	LOG_TPID=$!
}

log_unfollow() {
	exec {LOG_FD}<&-
	kill "$LOG_TPID" 2>/dev/null
}

# wait_http URL: until URL answers 200 (up to 30 s).
wait_http() {
	local i
	for i in $(seq 1 300); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0
		sleep 0.1
	done
	echo "run.sh: $1 does not answer" >&2
	return 1
}

# daemon CONF LOG [env...]: start indicatord; DPID and DPORT.
daemon() {
	local conf=$1 log=$2; shift 2
	bg "$log" env "$@" "$BIN" -v -c "$conf"
	DPID=$LASTPID
	DPORT=$(wait_listen "$log" "$DPID") || exit 1
}

# push PORT FILE: POST FILE; prints curl's total seconds; fails unless 200.
push() {
	local out code
	out=$(curl -s -o "$W/push.out" -w '%{http_code} %{time_total}' \
	    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' \
	    --data-binary @"$2" "http://127.0.0.1:$1/api/v1/observations")
	code=${out%% *}
	if [ "$code" != 200 ]; then
		echo "run.sh: push of $2: HTTP $code: $(head -c 300 "$W/push.out")" >&2
		return 1
	fi
	echo "${out#* }"
}

# cpu_ticks PID: user + system clock ticks of every thread of PID.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# rss_peak_mb PID: VmHWM in MB.
rss_peak_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# to_ms "812.00us" | "4.30ms" | "1.20s" -> milliseconds
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }

# quiesce PID: wait (up to 5 s) until PID has used no CPU for 200 ms. When
# wrk stops, a server may still be working on the requests it left in
# flight (node_exporter's take about 350 ms of CPU each, 4 at a time), and
# that work would run into the next server's measurement.
quiesce() {
	local pid=$1 i a b
	b=$(cpu_ticks "$pid")
	for i in $(seq 1 25); do
		sleep 0.2
		a=$b
		b=$(cpu_ticks "$pid")
		[ "$a" = "$b" ] && return 0
	done
}

# wrk_run LABEL PID SECONDS URL [wrk header args...]: sets RPS, P99, CPUMS
# (server CPU milliseconds per request) and ERRS. WRK_T and WRK_C set the
# threads and connections (2 and 4).
wrk_run() {
	local label=$1 pid=$2 secs=$3 url=$4 out c0 c1 reqs p99raw
	local tc="-t${WRK_T:-2} -c${WRK_C:-4}"
	shift 4
	# shellcheck disable=SC2086
	note "$label" "$(shq wrk $tc -d"${secs}s" --latency "$@" "$url")"
	c0=$(cpu_ticks "$pid")
	# shellcheck disable=SC2086
	out=$(wrk $tc -d"${secs}s" --latency "$@" "$url" 2>&1)
	c1=$(cpu_ticks "$pid")
	RPS=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
	p99raw=$(awk '$1 == "99%" { print $2 }' <<<"$out")
	P99=$(to_ms "$p99raw")
	reqs=$(awk '/requests in/ { print $1 }' <<<"$out")
	CPUMS=$(awk -v c="$((c1 - c0))" -v t="$CLK_TCK" -v n="${reqs:-0}" 'BEGIN { if (n > 0) printf "%.2f", c * 1000 / t / n; else print "nan" }')
	quiesce "$pid"
	ERRS=$(awk '/Non-2xx|Socket errors/' <<<"$out")
	[ -z "$ERRS" ] || say "  $label: $ERRS"
	[ -n "$RPS" ] || { RPS=0; say "  $label: wrk failed: $out"; }
}

# settle: write back every dirty page now, so that a timed run does not
# pay for the writeback of the copy before it or of the run before it
# (the per-observation anchor leaves hundreds of MB dirty, and the daemon's
# journal fdatasync would wait behind them while the anchor has none).
settle() { sync; }

# samples FILE: sample lines (neither comments nor blank).
samples() { grep -cv '^\(#\|$\)' "$1"; }

# ---- shared data: 1,000 indicators x 100 observations ----------------------

SHARED_READY=0
shared_setup() {
	[ "$SHARED_READY" = 1 ] && return
	say "data: $N indicators x $PER observations"
	mkdir -p "$W/data"
	"$GEN" obs "$W/data/obs.csv" "$N" "$PER"
	"$GEN" obs "$W/data/seed.csv" "$N" 1 2017-08
	: >"$W/data/empty.csv"
	SHARED_READY=1
}

# The scrape, prometheus and graph sections share one daemon holding all the
# observations, started with the graph shim (inert unless a graph is drawn).
SERVE_READY=0
serve_setup() {
	[ "$SERVE_READY" = 1 ] && return
	shared_setup
	local d=$W/serve
	mkdir -p "$d"
	"$GEN" conf "$d/c.conf" "$N" push "$d/data" "$W/data/empty.csv"
	note "daemon" "$BIN" -v -c "$d/c.conf"
	daemon "$d/c.conf" "$d/daemon.log" LD_PRELOAD="$BB/graph_argv.so" \
	    BENCH_GRAPH_ARGV="$d/graph.argv" BENCH_GRAPH_TIMES="$d/graph.times"
	SPID=$DPID SPORT=$DPORT
	push "$SPORT" "$W/data/obs.csv" >/dev/null || exit 1
	# The push left the 1,000 RRDs (211 MB) dirty: their writeback would
	# land in the first measured rounds, on whichever server runs then.
	settle
	# The bytes indicatord serves to Prometheus, for the limit program.
	curl -s -H "Accept: $PROM_ACCEPT" -H 'Accept-Encoding: gzip' \
	    -D "$d/om.hdr" -o "$d/om.gz" "http://127.0.0.1:$SPORT/metrics"
	curl -s -H "Accept: $PROM_ACCEPT" -o "$d/om.txt" \
	    "http://127.0.0.1:$SPORT/metrics"
	curl -s -o "$d/prom.txt" "http://127.0.0.1:$SPORT/metrics"
	grep -qi '^Content-Encoding: gzip' "$d/om.hdr" ||
	    say "WARNING: indicatord did not gzip for Prometheus's headers"
	note "limit" "$BB/static_server" -c "'$OM_CT'" "$d/om.txt" "$d/om.gz"
	bg "$d/limit.log" "$BB/static_server" -c "$OM_CT" "$d/om.txt" "$d/om.gz"
	LPID=$LASTPID
	LPORT=$(wait_listen "$d/limit.log" "$LPID") || exit 1
	# node_exporter: the same samples as a .prom file; its own process_*
	# collector would clash with indicatord's, so those are left out.
	mkdir -p "$d/textfile"
	grep -v '^\(# [A-Z]* \)\?process_' "$d/prom.txt" >"$d/textfile/indicatord.prom"
	NPORT=$(free_port)
	note "node_exporter" env GOMAXPROCS=2 prometheus-node-exporter \
	    --web.listen-address="127.0.0.1:$NPORT" --collector.disable-defaults \
	    --collector.textfile --collector.textfile.directory="$d/textfile"
	bg "$d/node.log" env GOMAXPROCS=2 prometheus-node-exporter \
	    --web.listen-address="127.0.0.1:$NPORT" --collector.disable-defaults \
	    --collector.textfile --collector.textfile.directory="$d/textfile"
	NPID=$LASTPID
	wait_http "http://127.0.0.1:$NPORT/metrics" || exit 1
	curl -s -H "Accept: $PROM_ACCEPT" -o "$d/node.txt" "http://127.0.0.1:$NPORT/metrics"
	R[samples_indicatord]=$(samples "$d/om.txt")
	R[samples_node]=$(samples "$d/node.txt")
	R[bytes_plain]=$(stat -c %s "$d/om.txt")
	R[bytes_gz]=$(stat -c %s "$d/om.gz")
	R[bytes_node]=$(stat -c %s "$d/node.txt")
	SERVE_READY=1
}

# ---- 1. scrape ---------------------------------------------------------------

section_scrape() {
	local rep enc srv pid port
	local -a hdr
	declare -A rps p99 cpu
	serve_setup
	say "scrape: wrk -t2 -c4 -d${DUR}s, $REPS rounds"
	for rep in $(seq 1 "$REPS"); do
		for enc in gzip plain; do
			hdr=(-H "Accept: $PROM_ACCEPT")
			[ "$enc" = gzip ] && hdr+=(-H 'Accept-Encoding: gzip')
			for srv in $(pair_order "$rep" indicatord limit) \
			    node_exporter; do
				case $srv in
				indicatord) pid=$SPID port=$SPORT ;;
				limit) pid=$LPID port=$LPORT ;;
				node_exporter) pid=$NPID port=$NPORT ;;
				esac
				wrk_run "scrape $srv $enc" "$pid" "$DUR" \
				    "http://127.0.0.1:$port/metrics" "${hdr[@]}"
				rps[$srv.$enc]+="$RPS "
				p99[$srv.$enc]+="$P99 "
				cpu[$srv.$enc]+="$CPUMS "
				say "  round $rep $enc $srv: $RPS req/s, p99 $P99 ms, $CPUMS ms CPU/req"
			done
		done
	done
	for k in "${!rps[@]}"; do
		# shellcheck disable=SC2086
		R[rps.$k]=$(median ${rps[$k]})
		# shellcheck disable=SC2086
		R[p99.$k]=$(median ${p99[$k]})
		# shellcheck disable=SC2086
		R[cpu.$k]=$(median ${cpu[$k]})
		R[runs.rps.$k]=${rps[$k]}
		R[runs.p99.$k]=${p99[$k]}
	done
	# The same gzip scrape one at a time (one connection, as Prometheus
	# scrapes a target): the latency without wrk's own threads competing
	# with the server's for the 2 cores.
	say "scrape: one connection, wrk -t1 -c1 -d${DUR}s, $REPS rounds"
	hdr=(-H "Accept: $PROM_ACCEPT" -H 'Accept-Encoding: gzip')
	for rep in $(seq 1 "$REPS"); do
		for srv in $(pair_order "$rep" indicatord limit); do
			case $srv in
			indicatord) pid=$SPID port=$SPORT ;;
			limit) pid=$LPID port=$LPORT ;;
			esac
			WRK_T=1 WRK_C=1 wrk_run "scrape $srv gzip, one connection" \
			    "$pid" "$DUR" "http://127.0.0.1:$port/metrics" "${hdr[@]}"
			R[runs.p99one.$srv]+="$P99 "
			R[runs.rpsone.$srv]+="$RPS "
			say "  round $rep gzip $srv, one connection: $RPS req/s, p99 $P99 ms"
		done
	done
	for srv in indicatord limit; do
		# shellcheck disable=SC2086
		R[p99one.$srv]=$(median ${R[runs.p99one.$srv]})
		# shellcheck disable=SC2086
		R[rpsone.$srv]=$(median ${R[runs.rpsone.$srv]})
	done
}

# ---- 1b. what a real Prometheus records --------------------------------------

section_prometheus() {
	local d=$W/prom pp job q v
	serve_setup
	mkdir -p "$d"
	pp=$(free_port)
	cat >"$d/prom.yml" <<YML
global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: indicatord
    static_configs: [ { targets: ["127.0.0.1:$SPORT"] } ]
  - job_name: node_exporter
    static_configs: [ { targets: ["127.0.0.1:$NPORT"] } ]
  - job_name: limit
    static_configs: [ { targets: ["127.0.0.1:$LPORT"] } ]
YML
	note "prometheus" prometheus --config.file="$d/prom.yml" \
	    --storage.tsdb.path="$d/tsdb" --web.listen-address="127.0.0.1:$pp"
	say "prometheus: 3 targets at 1 s for ${PROM_SECONDS}s"
	bg "$d/prom.log" prometheus --config.file="$d/prom.yml" \
	    --storage.tsdb.path="$d/tsdb" --web.listen-address="127.0.0.1:$pp" \
	    --log.level=warn
	local ppid=$LASTPID
	wait_http "http://127.0.0.1:$pp/-/ready" || return
	sleep "$((PROM_SECONDS + 2))"
	for job in indicatord node_exporter limit; do
		for q in "quantile_over_time(0.5, scrape_duration_seconds{job=\"$job\"}[${PROM_SECONDS}s])" \
		    "max_over_time(scrape_samples_scraped{job=\"$job\"}[${PROM_SECONDS}s])" \
		    "count_over_time(up{job=\"$job\"}[${PROM_SECONDS}s])" \
		    "min_over_time(up{job=\"$job\"}[${PROM_SECONDS}s])"; do
			v=$(curl -s "http://127.0.0.1:$pp/api/v1/query" --data-urlencode "query=$q" |
			    sed -n 's/.*"value":\[[^,]*,"\([^"]*\)"\].*/\1/p')
			case $q in
			quantile*) R[prom_dur.$job]=$(calc "${v:-nan} * 1000" 1) ;;
			max*) R[prom_samples.$job]=${v:-nan} ;;
			count*) R[prom_scrapes.$job]=${v:-nan} ;;
			min*) R[prom_up.$job]=${v:-nan} ;;
			esac
		done
		say "  $job: median scrape_duration ${R[prom_dur.$job]} ms, ${R[prom_samples.$job]} samples, ${R[prom_scrapes.$job]} scrapes"
	done
	note "prometheus query" curl "http://127.0.0.1:$pp/api/v1/query" --data-urlencode \
	    "'query=quantile_over_time(0.5, scrape_duration_seconds{job=\"indicatord\"}[${PROM_SECONDS}s])'"
	stop "$ppid"
}

# ---- 2. ingest -----------------------------------------------------------------

# ingest_template KIND: a data dir whose 1,000 RRDs hold one observation
# each (2017-08), through the feed of KIND (push or csv).
ingest_template() {
	local kind=$1 d
	d=$W/ingest/tpl-$kind
	mkdir -p "$W/ingest"
	"$GEN" conf "$W/ingest/tpl-$kind.conf" "$N" "$kind" "$d" "$W/data/seed.csv"
	daemon "$W/ingest/tpl-$kind.conf" "$W/ingest/tpl-$kind.log"
	if [ "$kind" = push ]; then
		push "$DPORT" "$W/data/seed.csv" >/dev/null || exit 1
	else
		wait_log "$W/ingest/tpl-$kind.log" "feed csv: $N observations, $N stored" || exit 1
	fi
	stop "$DPID"
}

# log_watch LOG: follow LOG from its first line on LOG_FD (tail -F, woken
# by inotify), started before the daemon that writes LOG, so that the
# reader already waits when the first line comes.
log_watch() {
	: >"$1"
	log_follow "$1"
}

# log_span PID TEXT: the seconds from the line "listening on" to the line
# with TEXT on LOG_FD, in RESULT: the lines are read as the daemon writes
# them, so no polling loop forks beside the daemon and neither end waits
# for a poll. Gives up when PID is gone or after 10 minutes.
log_span() {
	local pid=$1 text=$2 line part="" t0="" t1="" waited=0
	while :; do
		if IFS= read -r -t 1 -u "$LOG_FD" line; then
			line=$part$line
			part=""
			case $line in
			*"listening on"*) t0=$EPOCHREALTIME ;;
			*"$text"*) t1=$EPOCHREALTIME; break ;;
			esac
			continue
		fi
		part+=$line		# a timed-out read keeps what it read
		kill -0 "$pid" 2>/dev/null || break
		waited=$((waited + 1))
		[ "$waited" -lt 600 ] || break
	done
	log_unfollow
	if [ -z "$t0" ] || [ -z "$t1" ]; then
		echo "run.sh: no 'listening on' then '$text' from PID $pid" >&2
		return 1
	fi
	RESULT=$(calc "$t1 - $t0" 4)
}

# wait_log LOG TEXT: until LOG has a line with TEXT (up to 10 minutes).
wait_log() {
	local i
	for i in $(seq 1 120000); do
		grep -qF "$2" "$1" && return 0
		sleep 0.005
	done
	echo "run.sh: no '$2' in $1" >&2
	return 1
}

RUNID=0
# ingest_daemon KIND MODE: seconds until all 100,000 are in their RRDs, in
# RESULT (not printed: the daemon must stay a child of this shell). The
# push is timed by curl (time_total: from its connect to the answer, not
# curl's own start-up of about 14 ms), the csv feed from "listening on" to
# its result line (log_span); under rrdcached the flush that
# rrd_anchor times is added, as it is to the anchor's figure.
ingest_daemon() {
	local kind=$1 mode=$2 d t conf csv t2=0 extra=()
	RUNID=$((RUNID + 1))
	d=$W/ingest/run$RUNID
	cp -a "$W/ingest/tpl-$kind" "$d"
	conf=$d.conf
	[ "$mode" = rrdcached ] && extra=("unix:$RRDC_SOCK")
	# The csv feed reads the observations only in the csv run: in the push
	# run it would parse them beside the push (and reject every line).
	csv=$W/data/obs.csv
	[ "$kind" = push ] && csv=$W/data/empty.csv
	"$GEN" conf "$conf" "$N" "$kind" "$d" "$csv" "${extra[@]}"
	settle
	if [ "$kind" = push ]; then
		daemon "$conf" "$d.log"
		note "ingest push ($mode)" curl -H "'Authorization: Bearer $TOKEN'" \
		    -H "'Content-Type: text/csv'" --data-binary @"$W/data/obs.csv" \
		    "http://127.0.0.1:PORT/api/v1/observations"
		t=$(push "$DPORT" "$W/data/obs.csv") || exit 1
	else
		# The feed runs as soon as the daemon listens.
		note "ingest csv ($mode)" "$BIN" -v -c "$conf" "  # csv feed of $W/data/obs.csv"
		log_watch "$d.log"
		bg "$d.log" "$BIN" -v -c "$conf"
		DPID=$LASTPID
		log_span "$DPID" \
		    "feed csv: $((N * PER)) observations, $((N * PER)) stored" || {
			tail -5 "$d.log" >&2
			exit 1
		}
		t=$RESULT
	fi
	if [ "$mode" = rrdcached ]; then
		note "ingest flush (rrdcached)" "$BB/rrd_anchor" flush "$d/rrd" "$W/data/obs.csv" "unix:$RRDC_SOCK"
		t2=$("$BB/rrd_anchor" flush "$d/rrd" "$W/data/obs.csv" "unix:$RRDC_SOCK") || exit 1
	fi
	RESULT=$(calc "$t + $t2" 4)
	stop "$DPID"
	LASTRUN=$d
}

# ingest_anchor HOW MODE: seconds of rrd_anchor HOW on a copy of the seeded
# RRDs, in RESULT.
ingest_anchor() {
	local how=$1 mode=$2 d t t2 extra=()
	RUNID=$((RUNID + 1))
	d=$W/ingest/run$RUNID
	cp -a "$W/ingest/tpl-push/rrd" "$d"
	[ "$mode" = rrdcached ] && extra=("unix:$RRDC_SOCK")
	settle
	note "anchor $how ($mode)" "$BB/rrd_anchor" "$how" "$d" "$W/data/obs.csv" "${extra[@]}"
	t=$("$BB/rrd_anchor" "$how" "$d" "$W/data/obs.csv" "${extra[@]}") || exit 1
	if [ "$mode" = rrdcached ]; then
		t2=$("$BB/rrd_anchor" flush "$d" "$W/data/obs.csv" "${extra[@]}") || exit 1
		t=$(calc "$t + $t2" 4)
	fi
	LASTRUN=$d
	RESULT=$t
}

# same_rrd A B: 0 if the two files hold the same rows for 2017-2026.
same_rrd() {
	cmp -s <(rrdtool fetch "$1" AVERAGE -s 1500000000 -e 1767225600 2>&1) \
	    <(rrdtool fetch "$2" AVERAGE -s 1500000000 -e 1767225600 2>&1)
}

section_ingest() {
	local mode kind rep dd da r
	declare -A runs
	shared_setup
	say "ingest: templates (1,000 RRDs seeded with 2017-08)"
	ingest_template push
	ingest_template csv
	RRDC_SOCK=$W/rrdcached.sock
	for mode in direct rrdcached; do
		if [ "$mode" = rrdcached ]; then
			note "rrdcached" rrdcached -g -l "unix:$RRDC_SOCK" -b "$W" -F -w 3600 -f 7200
			bg "$W/rrdcached.log" rrdcached -g -l "unix:$RRDC_SOCK" -p "$W/rrdcached.pid" \
			    -b "$W" -F -w 3600 -f 7200
			RRDC_PID=$LASTPID
			for _ in $(seq 1 100); do [ -S "$RRDC_SOCK" ] && break; sleep 0.05; done
		fi
		say "ingest ($mode): $((N * PER)) observations, $REPS rounds"
		for rep in $(seq 1 "$REPS"); do
			ingest_daemon push "$mode"; runs[push.$mode]+="$RESULT "; dd=$LASTRUN
			ingest_anchor per-file "$mode"; runs[file.$mode]+="$RESULT "; da=$LASTRUN
			if [ "$rep" = 1 ] && [ "$mode" = direct ]; then
				same_rrd "$dd/rrd/bench_00007.rrd" "$da/bench_00007.rrd" &&
				    R[ingest_same]=yes || R[ingest_same]=NO
			fi
			ingest_daemon csv "$mode"; runs[csv.$mode]+="$RESULT "
			ingest_anchor per-obs "$mode"; runs[obs.$mode]+="$RESULT "
			rm -rf "$W"/ingest/run*
			say "  $mode round $rep: push $(last_word "${runs[push.$mode]}") s, per-file $(last_word "${runs[file.$mode]}") s, csv $(last_word "${runs[csv.$mode]}") s, per-obs $(last_word "${runs[obs.$mode]}") s"
		done
		for kind in push file csv obs; do
			# shellcheck disable=SC2086
			R[ingest.$kind.$mode]=$(median ${runs[$kind.$mode]})
			R[runs.ingest.$kind.$mode]=${runs[$kind.$mode]}
		done
		[ "$mode" = rrdcached ] && stop "$RRDC_PID"
	done
}

# ---- 3. graph ------------------------------------------------------------------

section_graph() {
	local d=$W/serve rep url t a w k cold=() bare=() inside=() ts ins png
	serve_setup
	say "graph: cold renders vs bare rrd_graph_v, $((REPS + 2)) rounds"
	url="http://127.0.0.1:$SPORT/graph/bench_00001.png"
	# Warm every HTTP thread's fonts up (the daemon, like the anchor, is
	# measured warm).
	for w in 700 701 702 703 704 705 706 707; do
		curl -s -o /dev/null "$url?width=$w"
	done
	note "graph cold" curl -o /dev/null -w "'%{time_total}'" "'$url?width=801'"
	note "graph bare" "$BB/graph_anchor" "$d/graph.argv"
	# A round is built alike on both sides: the anchor draws once
	# unmeasured, then three times, and reports the median; the daemon
	# gets one unmeasured cache miss, then three (new widths), and the
	# median counts. A single request right after the anchor's process
	# found the CPU caches cold that the anchor's repeated calls find warm.
	for rep in $(seq 1 $((REPS + 2))); do
		w=$((800 + rep * 8))
		curl -s -o /dev/null "$url?width=$w"
		ts=() ins=()
		for k in 1 2 3; do
			t=$(curl -s -D "$d/g.hdr" -o /dev/null -w '%{time_total}' "$url?width=$((w + k))")
			grep -qi '^X-Cache: miss' "$d/g.hdr" || say "WARNING: graph $rep.$k was not a cache miss"
			ts+=("$t")
			ins+=("$(tail -1 "$d/graph.times")")
		done
		cold+=("$(median "${ts[@]}")")
		inside+=("$(median "${ins[@]}")")
		a=$("$BB/graph_anchor" "$d/graph.argv") || exit 1
		bare+=("$a")
		say "  round $rep: daemon ${cold[-1]} s (rrd_graph_v inside ${inside[-1]} s), bare $a s"
	done
	R[graph_cold]=$(calc "$(median "${cold[@]}") * 1000" 1)
	R[graph_bare]=$(calc "$(median "${bare[@]}") * 1000" 1)
	R[graph_inside]=$(calc "$(median "${inside[@]}") * 1000" 1)
	R[runs.graph_cold]="${cold[*]}"
	R[runs.graph_bare]="${bare[*]}"
	# A cached graph against the limit program serving its bytes.
	png=$d/graph.png
	curl -s -o "$png" "$url?width=800"
	curl -s -D "$d/g.hdr" -o /dev/null "$url?width=800"
	grep -qi '^X-Cache: hit' "$d/g.hdr" || say "WARNING: graph not cached"
	note "graph limit" "$BB/static_server" -c image/png "$png"
	bg "$d/glimit.log" "$BB/static_server" -c image/png "$png"
	local gpid=$LASTPID gport
	gport=$(wait_listen "$d/glimit.log" "$gpid") || exit 1
	declare -A rps
	say "graph: cached PNG, wrk -t2 -c4 -d${GDUR}s, $REPS rounds"
	for rep in $(seq 1 "$REPS"); do
		for srv in $(pair_order "$rep" indicatord limit); do
			if [ "$srv" = indicatord ]; then
				wrk_run "graph cached indicatord" "$SPID" "$GDUR" "$url?width=800"
				rps[d]+="$RPS "; R[runs.p99.graph.indicatord]+="$P99 "
			else
				wrk_run "graph cached limit" "$gpid" "$GDUR" "http://127.0.0.1:$gport/graph/bench_00001.png?width=800"
				rps[l]+="$RPS "; R[runs.p99.graph.limit]+="$P99 "
			fi
		done
		say "  round $rep: indicatord $(last_word "${rps[d]}") limit $(last_word "${rps[l]}")"
	done
	# shellcheck disable=SC2086
	R[graph_rps.d]=$(median ${rps[d]})
	# shellcheck disable=SC2086
	R[graph_rps.l]=$(median ${rps[l]})
	R[runs.graph_rps.d]=${rps[d]}
	R[runs.graph_rps.l]=${rps[l]}
	R[graph_png_bytes]=$(stat -c %s "$png")
	stop "$gpid"
}

# ---- 5. overview ---------------------------------------------------------------

# The overview page (GET /) of the 1,000 indicators: its render time
# (bench/overview_time.c on a copy of the serving daemon's data: it opens
# the registry as the daemon does), and the kept page under wrk against
# static_server serving the same bytes, gzip and plain, alternating.
section_overview() {
	local d=$W/overview rep srv enc rt url en zh st gz bytes gzbytes k
	local -a hdr
	declare -A rps rts
	serve_setup
	mkdir -p "$d"
	cp -r "$W/serve/data" "$d/data"
	"$GEN" conf "$d/c.conf" "$N" push "$d/data" "$W/data/empty.csv"
	say "overview: render of $N indicators, $REPS runs of 5"
	note "overview render" "$BB/overview_time" "$d/c.conf" 5
	for rep in $(seq 1 "$REPS"); do
		rt=$("$BB/overview_time" "$d/c.conf" 5) || exit 1
		read -r en zh st gz bytes gzbytes <<<"$rt"
		rts[en]+="$en " rts[zh]+="$zh " rts[st]+="$st " rts[gz]+="$gz "
		R[ov.bytes]=$bytes R[ov.gzbytes]=$gzbytes
		say "  round $rep: en $en s, zh $zh s, sorted $st s, gzip $gz s"
	done
	for k in en zh st gz; do
		# shellcheck disable=SC2086
		R[ov.render.$k]=$(calc "$(median ${rts[$k]}) * 1000" 1)
		R[runs.ov.render.$k]=${rts[$k]}
	done
	url="http://127.0.0.1:$SPORT/"
	curl -s -o "$d/page.html" "$url"
	curl -s -H 'Accept-Encoding: gzip' -o "$d/page.gz" "$url"
	note "overview limit" "$BB/static_server" -c "'text/html; charset=utf-8'" "$d/page.html" "$d/page.gz"
	bg "$d/limit.log" "$BB/static_server" -c "text/html; charset=utf-8" "$d/page.html" "$d/page.gz"
	local opid=$LASTPID oport
	oport=$(wait_listen "$d/limit.log" "$opid") || exit 1
	say "overview: kept page, wrk -t2 -c4 -d${GDUR}s, $REPS rounds"
	for rep in $(seq 1 "$REPS"); do
		for enc in gzip plain; do
			hdr=()
			[ "$enc" = gzip ] && hdr=(-H 'Accept-Encoding: gzip')
			for srv in $(pair_order "$rep" indicatord limit); do
				if [ "$srv" = indicatord ]; then
					wrk_run "overview indicatord $enc" "$SPID" "$GDUR" "$url" "${hdr[@]}"
				else
					wrk_run "overview limit $enc" "$opid" "$GDUR" "http://127.0.0.1:$oport/" "${hdr[@]}"
				fi
				rps[$srv.$enc]+="$RPS "
				R[runs.p99.ov.$srv.$enc]+="$P99 "
			done
			say "  round $rep $enc: indicatord $(last_word "${rps[indicatord.$enc]}") limit $(last_word "${rps[limit.$enc]}")"
		done
	done
	for k in "${!rps[@]}"; do
		# shellcheck disable=SC2086
		R[ov.rps.$k]=$(median ${rps[$k]})
		R[runs.ov.rps.$k]=${rps[$k]}
	done
	stop "$opid"
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$d/data"
}

# ---- 4. growth: bench/growth.sh

. "$ROOT/bench/growth.sh"

# ---- report --------------------------------------------------------------------

machine() {
	local cpu
	cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
	echo "- CPU: ${cpu:-unknown}, $(nproc) cores online; memory $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- OS: $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
	echo "- load average at the start: $LOAD0"
	echo "- packages: $(dpkg-query -W -f='${Package} ${Version}, ' libmicrohttpd12 librrd8 rrdcached wrk prometheus-node-exporter prometheus zlib1g 2>/dev/null | sed 's/, $//')"
	echo "- compiler: $(${CC:-cc} --version | head -1)"
	echo "- indicatord: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' plus uncommitted changes'), built in $B/"
	echo "- settings: BENCH_REPS=$REPS BENCH_DURATION=$DUR BENCH_GRAPH_DURATION=$GDUR BENCH_PROM_SECONDS=$PROM_SECONDS BENCH_SIZES=\"$SIZES\""
}

v() { echo "${R[$1]:-n/a}"; }

table() {
	local gz pl p99 rr
	echo "| # | measurement | indicatord | anchor | ratio | goal | |"
	echo "|---|---|---|---|---|---|---|"
	if [ -n "${R[rps.indicatord.gzip]+x}" ]; then
		gz=$(pratio "$(v runs.rps.indicatord.gzip)" "$(v runs.rps.limit.gzip)")
		pl=$(pratio "$(v runs.rps.indicatord.plain)" "$(v runs.rps.limit.plain)")
		echo "| 1 | /metrics gzip, req/s (wrk, Prometheus headers) | $(v rps.indicatord.gzip) | limit $(v rps.limit.gzip) | $gz | ≥ 0.8 | $(check "$gz" ">=" 0.8) |"
		echo "| 1 | /metrics plain, req/s | $(v rps.indicatord.plain) | limit $(v rps.limit.plain) | $pl | ≥ 0.8 | $(check "$pl" ">=" 0.8) |"
		echo "| 1 | /metrics gzip, p99 latency ms | $(v p99.indicatord.gzip) | limit $(v p99.limit.gzip) | $(pratio "$(v runs.p99.indicatord.gzip)" "$(v runs.p99.limit.gzip)") | < 1 ms | $(check "$(v p99.indicatord.gzip)" "<" 1) |"
		echo "| 1 | /metrics gzip, one connection (wrk -t1 -c1): p99 latency ms | $(v p99one.indicatord) | limit $(v p99one.limit) | $(pratio "$(v runs.p99one.indicatord)" "$(v runs.p99one.limit)") | | |"
		echo "| 1 | /metrics gzip, one connection: req/s | $(v rpsone.indicatord) | limit $(v rpsone.limit) | | | |"
		echo "| 1 | /metrics plain, p99 latency ms | $(v p99.indicatord.plain) | limit $(v p99.limit.plain) | $(pratio "$(v runs.p99.indicatord.plain)" "$(v runs.p99.limit.plain)") | | |"
		echo "| 1 | peer: node_exporter gzip, req/s | $(v rps.indicatord.gzip) | node_exporter $(v rps.node_exporter.gzip) | $(ratio "$(v rps.indicatord.gzip)" "$(v rps.node_exporter.gzip)" 0)× | | |"
		echo "| 1 | peer: node_exporter plain, req/s | $(v rps.indicatord.plain) | node_exporter $(v rps.node_exporter.plain) | $(ratio "$(v rps.indicatord.plain)" "$(v rps.node_exporter.plain)" 0)× | | |"
		echo "| 1 | server CPU per gzip scrape, ms | $(v cpu.indicatord.gzip) | limit $(v cpu.limit.gzip), node_exporter $(v cpu.node_exporter.gzip) | | | |"
		echo "| 1 | server CPU per plain scrape, ms | $(v cpu.indicatord.plain) | limit $(v cpu.limit.plain), node_exporter $(v cpu.node_exporter.plain) | | | |"
		echo "| 1 | samples per scrape | $(v samples_indicatord) | node_exporter $(v samples_node) | | same samples | |"
	fi
	if [ -n "${R[prom_dur.indicatord]+x}" ]; then
		echo "| 1 | Prometheus 2.42 scrape_duration_seconds (median, 1 s interval), ms | $(v prom_dur.indicatord) | limit $(v prom_dur.limit), node_exporter $(v prom_dur.node_exporter) | $(ratio "$(v prom_dur.indicatord)" "$(v prom_dur.limit)") vs limit | | |"
		echo "| 1 | Prometheus scrape_samples_scraped | $(v prom_samples.indicatord) | limit $(v prom_samples.limit), node_exporter $(v prom_samples.node_exporter) | | | |"
	fi
	if [ -n "${R[ingest.push.direct]+x}" ]; then
		for m in direct rrdcached; do
			rr=$(pratio "$(v runs.ingest.file.$m)" "$(v runs.ingest.push.$m)")
			echo "| 2 | ingest 100,000 via push API ($m), s | $(v ingest.push.$m) | once per file $(v ingest.file.$m) | $rr | ≥ 0.8 | $(check "$rr" ">=" 0.8) |"
			rr=$(pratio "$(v runs.ingest.file.$m)" "$(v runs.ingest.csv.$m)")
			echo "| 2 | ingest 100,000 via csv feed ($m), s | $(v ingest.csv.$m) | once per file $(v ingest.file.$m) | $rr | ≥ 0.8 | $(check "$rr" ">=" 0.8) |"
			echo "| 2 | anchor: rrd_update once per observation ($m), s | $(v ingest.push.$m) | once per obs. $(v ingest.obs.$m) | $(pratio "$(v runs.ingest.obs.$m)" "$(v runs.ingest.push.$m)") | | |"
		done
	fi
	if [ -n "${R[graph_cold]+x}" ]; then
		rr=$(pratio "$(v runs.graph_cold)" "$(v runs.graph_bare)")
		echo "| 3 | cold graph render (GET, cache miss), ms | $(v graph_cold) | bare rrd_graph_v $(v graph_bare) | $rr | ≤ 1.2 | $(check "$rr" "<=" 1.2) |"
		rr=$(pratio "$(v runs.graph_rps.d)" "$(v runs.graph_rps.l)")
		echo "| 3 | cached graph ($(v graph_png_bytes) B PNG), req/s | $(v graph_rps.d) | limit $(v graph_rps.l) | $rr | ≥ 0.8 | $(check "$rr" ">=" 0.8) |"
	fi
	if [ -n "${R[ov.render.en]+x}" ]; then
		echo "| 5 | overview render, $N indicators (English), ms | $(v ov.render.en) | | | < 50 | $(check "$(v ov.render.en)" "<" 50) |"
		echo "| 5 | overview render, Chinese / sort=status&order=desc, ms | $(v ov.render.zh) / $(v ov.render.st) | | | < 50 | $(check "$(v ov.render.st)" "<" 50) |"
		echo "| 5 | overview gzip of the page ($(v ov.bytes) B → $(v ov.gzbytes) B), ms | $(v ov.render.gz) | | | | |"
		for enc in gzip plain; do
			rr=$(pratio "$(v runs.ov.rps.indicatord.$enc)" "$(v runs.ov.rps.limit.$enc)")
			echo "| 5 | overview kept page, $enc, req/s | $(v ov.rps.indicatord.$enc) | limit $(v ov.rps.limit.$enc) | $rr | ≥ 0.8 | $(check "$rr" ">=" 0.8) |"
		done
	fi
}

runs_detail() {
	local k
	for k in $(printf '%s\n' "${!R[@]}" | grep '^runs\.' | sort); do
		echo "- ${k#runs.}: ${R[$k]}"
	done
}

report() {
	{
		echo "# indicatord benchmarks"
		echo
		echo "Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'), in $(calc "$EPOCHREALTIME - $T_START" 0) s. Each figure is the median of $REPS runs that alternate with the anchor's; each ratio is the median of the per-round ratios (a round's two runs are back to back and share its noise): indicatord / anchor for rates, anchor / indicatord for ingest times, indicatord / anchor for the cold graph and latencies. How to rerun each figure: bench/README.md."
		echo
		echo "## Results"
		echo
		table
		echo
		if [ -n "${R[rps.indicatord.gzip]+x}" ]; then
			echo "Scrape data: $N indicators × 2 targets; indicatord serves $(v samples_indicatord) samples, $(v bytes_plain) B plain OpenMetrics, $(v bytes_gz) B gzip; node_exporter serves $(v samples_node) samples ($(v bytes_node) B)."
			echo
		fi
		if [ -n "${R[ingest.push.direct]+x}" ]; then
			echo "Ingest: $((N * PER)) observations (100 months, 2017-09 to 2025-12, for each of $N monthly indicators) into RRDs that already hold 2017-08; the daemon's figure runs from the request (push, curl's time_total) or from \"listening on\" (csv feed, which reads its file at start; both lines read as written) until the push is answered or the feed logs its result, with the journal's fdatasync; under rrdcached both sides also flush every file through rrdcached. Every timed run, the daemon's and the anchors', starts after sync (nothing dirty left by the copy or the run before). Daemon and anchor RRDs compared row by row after the first round: $(v ingest_same)."
			echo
		fi
		if [ -n "${R[graph_cold]+x}" ]; then
			echo "Graph: GET /graph/bench_00001.png at new widths (cache misses), per round one unmeasured and the median of three; the bare call replays the daemon's own final rrd_graph_v arguments (recorded by graph_argv.so) in a warm process, one unmeasured and the median of three. Median time of the drawing call inside the daemon: $(v graph_inside) ms."
			echo
		fi
		if growth_ran; then
			echo "## Growth"
			echo
			growth_table
			echo
		fi
		echo "## Commands"
		echo
		echo "Work files were in $W (removed afterwards); PORT is the port the daemon printed."
		echo
		echo '```'
		for k in "${CMD_ORDER[@]}"; do
			printf '# %s\n%s\n' "$k" "${CMDS[$k]}"
		done
		echo '```'
		echo
		echo "## Machine"
		echo
		machine
		echo
		echo "## Every run"
		echo
		runs_detail
		# Figures measured by hand, kept in bench/manual.md: carried
		# into every report so that results.md holds all figures.
		if [ -f "$ROOT/bench/manual.md" ]; then
			echo
			cat "$ROOT/bench/manual.md"
		fi
	} >"$OUT.tmp"
	mv "$OUT.tmp" "$OUT"
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
for s in $SECTIONS; do
	"section_$s"
done
report
echo
table
echo
growth_table
echo
echo "written to ${OUT#"$ROOT"/}"
