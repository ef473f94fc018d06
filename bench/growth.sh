# growth.sh: the growth section of bench/run.sh, sourced by it (its
# helpers, settings and results R). bench/README.md, section growth, says
# what it measures.
#
# Sizes from BENCH_GROWTH_BIG (100000) on run BENCH_GROWTH_BIG_REPS (1)
# times instead of BENCH_REPS: each further ingest run there costs a copy
# of the seeded RRDs (22 GB at 100,000 indicators of 217 KB) and each
# further start or render_time run a replay of 7.5 million records.
# Callgrind counts the render's instructions up to BENCH_CALLGRIND_MAX
# (10000) indicators: at 100,000 the registry's opening alone, run under
# valgrind, would take many minutes.

GROWTH_BIG=${BENCH_GROWTH_BIG:-100000}
GROWTH_BIG_REPS=${BENCH_GROWTH_BIG_REPS:-1}
CALLGRIND_MAX=${BENCH_CALLGRIND_MAX:-10000}

# growth_reps N: how many runs size N gets.
growth_reps() {
	if [ "$1" -ge "$GROWTH_BIG" ]; then echo "$GROWTH_BIG_REPS"; else echo "$REPS"; fi
}

# unpid PID: PID is gone; forget it.
unpid() {
	local i
	for i in "${!PIDS[@]}"; do [ "${PIDS[$i]}" = "$1" ] && unset 'PIDS[i]'; done
}

# rss_now PID: "RssAnon RssFile" in MB, now.
rss_now() {
	awk '/^RssAnon:/ { a = $2 } /^RssFile:/ { f = $2 }
	    END { printf "%.1f %.1f", a / 1024, f / 1024 }' "/proc/$1/status"
}

# growth_seed N D: in D the config of N indicators (conf-mixed), their
# history but its first points (obs.csv, in pushes of 100,000: part.*),
# and D/seeded, a data directory whose RRDs hold those first points.
growth_seed() {
	local n=$1 d=$2 t0
	"$GEN" conf-mixed "$d/c.conf" "$n" push "$d/data" "$W/data/empty.csv"
	"$GEN" obs-mixed "$d/seed.csv" "$n" first
	"$GEN" obs-mixed "$d/obs.csv" "$n" rest
	split -l 100000 -d -a 3 "$d/obs.csv" "$d/part."
	R[growth.obs.$n]=$(($(wc -l <"$d/obs.csv") + n))
	t0=$EPOCHREALTIME
	daemon "$d/c.conf" "$d/seed.log"
	push "$DPORT" "$d/seed.csv" >/dev/null || exit 1
	stop "$DPID"
	settle
	R[growth.seed.$n]=$(calc "$EPOCHREALTIME - $t0" 1)
	mv "$d/data" "$d/seeded"
}

# growth_ingest D LAST: the ingest of D/obs.csv into a copy of D/seeded (in
# the last run the seeded data itself: no copy), push by push, each
# timed by curl's time_total and started once the daemon is idle and
# after sync (as in the ingest section: back to back, a push at 10,000
# indicators also paid for the writeback of the one before it, 200 MB
# of RRD pages, and for its /metrics render). Observations per second in
# RESULT; the daemon goes on running (DPID, DPORT).
growth_ingest() {
	local d=$1 last=$2 t=0 pt f
	rm -rf "$d/data"
	if [ "$last" = 1 ]; then
		mv "$d/seeded" "$d/data"
	else
		cp -a "$d/seeded" "$d/data"
	fi
	settle
	daemon "$d/c.conf" "$d/ingest.log"
	for f in "$d"/part.*; do
		quiesce "$DPID"
		settle
		pt=$(push "$DPORT" "$f") || exit 1
		t=$(calc "$t + $pt" 4)
	done
	RESULT=$(calc "$(wc -l <"$d/obs.csv") / $t" 0)
}

# growth_scrape N PORT: five gzip scrapes with Prometheus's headers, one
# after the other: the median of curl's time_total, the body's bytes and
# samples.
growth_scrape() {
	local n=$1 u=http://127.0.0.1:$2/metrics i ts=()
	note "growth scrape" curl -o /dev/null -w "'%{time_total}'" \
	    -H "'Accept: $PROM_ACCEPT'" -H "'Accept-Encoding: gzip'" "$u"
	for i in 1 2 3 4 5; do
		ts+=("$(curl -s -o "$W/scrape.gz" -w '%{time_total}' \
		    -H "Accept: $PROM_ACCEPT" -H 'Accept-Encoding: gzip' "$u")")
	done
	R[growth.scrape.$n]=$(calc "$(median "${ts[@]}") * 1000" 1)
	R[runs.growth.scrape.$n]=${ts[*]}
	R[growth.scrape_bytes.$n]=$(stat -c %s "$W/scrape.gz")
	R[growth.samples.$n]=$(gzip -dc "$W/scrape.gz" | grep -cv '^\(#\|$\)')
}

# growth_first N D LOG: start the daemon of D, time it to its first
# /metrics answer (in RESULT); it goes on running (DPID, DPORT).
growth_first() {
	local t0=$EPOCHREALTIME
	bg "$3" "$BIN" -c "$2/c.conf"
	DPID=$LASTPID
	DPORT=$(wait_listen "$3" "$DPID") || exit 1
	# as Prometheus asks: a plain answer at 100,000 indicators is 232 MB,
	# whose transfer is not start-up
	curl -s -o /dev/null -H "Accept: $PROM_ACCEPT" \
	    -H 'Accept-Encoding: gzip' "http://127.0.0.1:$DPORT/metrics"
	RESULT=$(calc "$EPOCHREALTIME - $t0" 4)
}

# growth_replay N D: kill -9 the daemon (DPID) after its ingest, then the
# start to the first /metrics answer, the records its journal replayed
# and the RRDs it rebuilt; and the disk use of the data left.
growth_replay() {
	local n=$1 d=$2 rb
	kill -KILL "$DPID"
	wait "$DPID" 2>/dev/null
	unpid "$DPID"
	R[growth.replay_records.$n]=$(($(wc -l <"$d/data/journal") - 1))
	note "growth replay" kill -9 PID "; $BIN -c $d/c.conf  # until the first GET /metrics answers"
	growth_first "$n" "$d" "$d/replay.log"
	R[growth.replay.$n]=$RESULT
	stop "$DPID"
	rb=$(sed -n 's/.*rebuilt \([0-9]*\) RRD files.*/\1/p' "$d/replay.log")
	R[growth.replay_rebuilt.$n]=${rb:-0}
	R[growth.disk_rrd.$n]=$(du -sB1 "$d/data/rrd" | cut -f1)
	R[growth.disk_journal.$n]=$(du -B1 "$d/data/journal" | cut -f1)
	R[growth.disk_total.$n]=$((${R[growth.disk_rrd.$n]} + ${R[growth.disk_journal.$n]}))
	R[growth.disk.$n]=$(calc "${R[growth.disk_total.$n]} / $n" 0)
}

# growth_starts N D: start-ups with the existing data to the first
# /metrics answer; peak RSS after scrapes, and after the JSON API and
# graphs.
growth_starts() {
	local n=$1 d=$2 rep starts=() rss1 rss2 mem
	note "growth startup" "$BIN" -c "$d/c.conf" "  # until the first GET /metrics answers"
	for rep in $(seq 1 "$(growth_reps "$n")"); do
		growth_first "$n" "$d" "$d/start$rep.log"
		starts+=("$RESULT")
		serve_scrapes "$DPORT"
		rss1=$(rss_peak_mb "$DPID")
		mem=$(rss_now "$DPID")
		cat "/proc/$DPID/smaps_rollup" >"$d/smaps_rollup.$rep"
		serve_rest "$DPORT"
		rss2=$(rss_peak_mb "$DPID")
		stop "$DPID"
	done
	R[growth.start.$n]=$(median "${starts[@]}")
	R[runs.growth.start.$n]=${starts[*]}
	R[growth.rss.$n]=$rss1
	R[growth.rss_anon.$n]=${mem% *}
	R[growth.rss_file.$n]=${mem#* }
	R[growth.rss_all.$n]=$rss2
}

# growth_size N: every measurement of size N but the renders.
growth_size() {
	local n=$1 d=$W/growth/$1 rep reps rate ing=() t0=$EPOCHREALTIME
	mkdir -p "$d"
	reps=$(growth_reps "$n")
	say "growth: $n indicators: data and seeded RRDs"
	growth_seed "$n" "$d"
	say "  seeded in ${R[growth.seed.$n]} s; ingest of $(wc -l <"$d/obs.csv") observations, $reps run(s)"
	for rep in $(seq 1 "$reps"); do
		growth_ingest "$d" "$((rep == reps))"
		rate=$RESULT
		ing+=("$rate")
		serve_scrapes "$DPORT"
		R[growth.rss_ingest.$n]=$(rss_peak_mb "$DPID")
		if [ "$rep" = "$reps" ]; then
			growth_scrape "$n" "$DPORT"
			growth_replay "$n" "$d"
		else
			stop "$DPID"
		fi
		say "  run $rep: $rate obs/s"
	done
	R[growth.ingest.$n]=$(median "${ing[@]}")
	R[runs.growth.ingest.$n]=${ing[*]}
	say "  scrape ${R[growth.scrape.$n]} ms (${R[growth.scrape_bytes.$n]} B gzip); after kill -9: first /metrics in ${R[growth.replay.$n]} s, ${R[growth.replay_records.$n]} records replayed, ${R[growth.replay_rebuilt.$n]} RRDs rebuilt; disk $(calc "${R[growth.disk_rrd.$n]} / $n" 0) B RRD + $(calc "${R[growth.disk_journal.$n]} / $n" 0) B journal per indicator"
	growth_starts "$n" "$d"
	R[growth.time.$n]=$(calc "$EPOCHREALTIME - $t0" 0)
	say "  start ${R[growth.start.$n]} s, RSS ${R[growth.rss.$n]} MB (anon ${R[growth.rss_anon.$n]}, file ${R[growth.rss_file.$n]}; ${R[growth.rss_all.$n]} MB with API and graphs, ${R[growth.rss_ingest.$n]} MB after the ingest); ${R[growth.time.$n]} s for this size"
}

section_growth() {
	local n t0=$EPOCHREALTIME
	shared_setup
	for n in $SIZES; do
		growth_size "$n"
	done
	growth_render
	R[growth.section]=$(calc "$EPOCHREALTIME - $t0" 0)
	say "growth: ${R[growth.section]} s in all"
	# The sizes' data (about 220 KB per indicator) go unless BENCH_KEEP=1.
	[ "${BENCH_KEEP:-0}" = 1 ] || for n in $SIZES; do rm -rf "$W/growth/$n"; done
}

# growth_render: the full /metrics render (render_time: the median of 3
# renders) and the render after one changed indicator (incr_time: the
# median of 9 ingests, each followed by the render) of every size, the
# sizes taking turns round after round (as the other sections alternate
# with their anchors), so that a quiet or a busy minute does not fall on
# one size only; the median of the rounds. Each incr_time run adds 9
# observations to the data.
growth_render() {
	local rep n rt it ir ix ii ib
	declare -A rts its itx iti
	say "growth: /metrics render, full and incremental, sizes in turn, $REPS rounds"
	for rep in $(seq 1 "$REPS"); do
		for n in $SIZES; do
			[ "$rep" -le "$(growth_reps "$n")" ] || continue
			note "growth render" "$BB/render_time" "$W/growth/$n/c.conf" 3
			rt=$("$BB/render_time" "$W/growth/$n/c.conf" 3) || exit 1
			rts[$n]+="${rt%% *} "
			R[growth.bytes.$n]=$(awk '{ print $2 }' <<<"$rt")
			note "growth incremental render" "$BB/incr_time" "$W/growth/$n/c.conf" 9
			it=$("$BB/incr_time" "$W/growth/$n/c.conf" 9) || exit 1
			read -r ir ix ii ib <<<"$it"
			its[$n]+="$ir " itx[$n]+="$ix " iti[$n]+="$ii "
			R[growth.incr_blocks.$n]=$ib
		done
	done
	for n in $SIZES; do
		# shellcheck disable=SC2086
		R[growth.render.$n]=$(calc "$(median ${rts[$n]}) * 1000" 1)
		R[runs.growth.render.$n]=${rts[$n]}
		# shellcheck disable=SC2086
		R[growth.incr.$n]=$(median ${its[$n]})
		# shellcheck disable=SC2086
		R[growth.incr_text.$n]=$(median ${itx[$n]})
		# shellcheck disable=SC2086
		R[growth.incr_ingest.$n]=$(median ${iti[$n]})
		R[runs.growth.incr.$n]=${its[$n]}
		say "  $n indicators: render ${R[growth.render.$n]} ms, one changed ${R[growth.incr.$n]} ms (text ${R[growth.incr_text.$n]} ms, ${R[growth.incr_blocks.$n]} block(s))"
	done
	growth_instructions
}

# growth_instructions: the instructions of one render, per indicator, as
# callgrind counts them (only the render instrumented): the times swing
# with the machine's speed and its caches, the count does not.
growth_instructions() {
	local n ir
	for n in $SIZES; do
		[ "$n" -le "$CALLGRIND_MAX" ] || continue
		note "growth render instructions" valgrind --tool=callgrind \
		    --instr-atstart=no --toggle-collect=metrics_build \
		    --callgrind-out-file="$W/callgrind.$n" \
		    "$BB/render_time" "$W/growth/$n/c.conf" 1
		valgrind --tool=callgrind --instr-atstart=no \
		    --toggle-collect=metrics_build \
		    --callgrind-out-file="$W/callgrind.$n" \
		    "$BB/render_time" "$W/growth/$n/c.conf" 1 >/dev/null 2>&1 ||
		    exit 1
		ir=$(callgrind_annotate "$W/callgrind.$n" |
		    awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
		R[growth.instr_total.$n]=$ir
		R[growth.instr.$n]=$(calc "$ir / $n" 0)
		say "  $n indicators: ${R[growth.instr.$n]} instructions per indicator (callgrind)"
	done
}

# serve_scrapes PORT: scrapes in both formats, gzip and plain.
serve_scrapes() {
	local u=http://127.0.0.1:$1 i
	for i in 1 2 3; do
		curl -s -o /dev/null -H "Accept: $PROM_ACCEPT" -H 'Accept-Encoding: gzip' "$u/metrics"
		curl -s -o /dev/null -H "Accept: $PROM_ACCEPT" "$u/metrics"
		curl -s -o /dev/null "$u/metrics"
	done
}

# serve_rest PORT: the JSON API and a few graphs.
serve_rest() {
	local u=http://127.0.0.1:$1 i
	curl -s -o /dev/null "$u/api/v1/indicators"
	for i in 1 2 3; do
		curl -s -o /dev/null "$u/graph/bench_0000$i.png"
	done
}

# growth_ran: whether the growth section ran.
growth_ran() {
	local n
	for n in $SIZES; do
		[ -n "${R[growth.start.$n]+x}" ] && return 0
	done
	return 1
}

# growth_step A B: the step table's row from size A to size B.
growth_step() {
	local prev=$1 n=$2 s f
	s=$(ratio "$n" "$prev" 0)
	printf '| %s → %s (×%s) |' "$prev" "$n" "$s"
	for f in render incr instr_total rss start replay disk_total; do
		growth_factor "$(v growth.$f.$n)" "$(v growth.$f.$prev)" "$s"
	done
	# the time per observation: the rates' inverse
	growth_factor "$(v growth.ingest.$prev)" "$(v growth.ingest.$n)" 1
	echo
}

# growth_factor A B STEP: a cell of the step table, A / B against STEP.
growth_factor() {
	local r
	r=$(ratio "$1" "$2" 3)
	if [ "$r" = n/a ]; then
		printf ' n/a |'
	else
		printf ' ×%s %s |' "$(ratio "$1" "$2" 2)" "$(linear "$r" "$3")"
	fi
}

# growth_goals N: the goals of issue 23, at N indicators (100,000 or the
# largest size run).
growth_goals() {
	local n=$1 at="At 100,000 indicators"
	[ "$n" = 100000 ] || at="At $n indicators, the largest size run (the goals are for 100,000)"
	echo "$at: peak RSS ≤ 600 MB: $(v growth.rss.$n) MB serving /metrics ($(check "$(v growth.rss.$n)" "<=" 600)), $(v growth.rss_all.$n) MB with the JSON API and graphs ($(check "$(v growth.rss_all.$n)" "<=" 600)), $(v growth.rss_ingest.$n) MB after the ingest ($(check "$(v growth.rss_ingest.$n)" "<=" 600)); start-up to the first /metrics ≤ 10 s: $(v growth.start.$n) s ($(check "$(v growth.start.$n)" "<=" 10)), after kill -9 $(v growth.replay.$n) s ($(check "$(v growth.replay.$n)" "<=" 10)); one changed indicator re-rendered ≤ 5 ms: $(v growth.incr.$n) ms ($(check "$(v growth.incr.$n)" "<=" 5)); disk ≤ 100 KB per indicator: $(v growth.disk.$n) B, RRDs and journal ($(check "$(v growth.disk.$n)" "<=" 100000)); linear growth from 1,000: the step table."
}

growth_table() {
	local n prev="" big=""
	growth_ran || return 0
	echo "| indicators | observations | /metrics render (both formats + gzip), ms | one changed indicator re-rendered, ms (text alone; blocks) | its ingest, ms | render, instructions per indicator | peak RSS: start-up + scrapes, MB (anon / file now) | + JSON API and graphs, MB | after the ingest + scrapes, MB | start-up to first /metrics, s | ingest, obs/s |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|"
	for n in $SIZES; do
		echo "| $n | $(v growth.obs.$n) | $(v growth.render.$n) | $(v growth.incr.$n) ($(v growth.incr_text.$n); $(v growth.incr_blocks.$n)) | $(v growth.incr_ingest.$n) | $(v growth.instr.$n) | $(v growth.rss.$n) ($(v growth.rss_anon.$n) / $(v growth.rss_file.$n)) | $(v growth.rss_all.$n) | $(v growth.rss_ingest.$n) | $(v growth.start.$n) | $(v growth.ingest.$n) |"
	done
	echo
	echo "| indicators | gzip scrape, ms (bytes; samples) | kill -9 after the ingest: start to first /metrics, s | journal records replayed | RRDs rebuilt | disk: RRDs, B per indicator | journal, B per indicator | seeding the RRDs, s | the size took, s |"
	echo "|---|---|---|---|---|---|---|---|---|"
	for n in $SIZES; do
		echo "| $n | $(v growth.scrape.$n) ($(v growth.scrape_bytes.$n); $(v growth.samples.$n)) | $(v growth.replay.$n) | $(v growth.replay_records.$n) | $(v growth.replay_rebuilt.$n) | $(calc "$(v growth.disk_rrd.$n) / $n" 0) | $(calc "$(v growth.disk_journal.$n) / $n" 0) | $(v growth.seed.$n) | $(v growth.time.$n) |"
	done
	echo
	# Cost per step against the step in size: "linear" within 25 %.
	echo "| step | render | one changed re-rendered | render instructions | RSS (start-up + scrapes) | start-up | start after kill -9 | disk | time per observation ingested |"
	echo "|---|---|---|---|---|---|---|---|---|"
	for n in $SIZES; do
		[ -z "$prev" ] || growth_step "$prev" "$n"
		prev=$n
		[ "$n" -lt 10000 ] || big=$n
	done
	echo
	if [ -n "${R[growth.rss.1000]+x}" ]; then
		echo "Goals at 1,000 indicators: peak RSS ≤ 30 MB: $(v growth.rss.1000) MB serving /metrics ($(check "$(v growth.rss.1000)" "<=" 30)), $(v growth.rss_all.1000) MB with the JSON API and graphs ($(check "$(v growth.rss_all.1000)" "<=" 30)), $(v growth.rss_ingest.1000) MB after the ingest ($(check "$(v growth.rss_ingest.1000)" "<=" 30)); start-up ≤ 1 s: $(v growth.start.1000) s ($(check "$(v growth.start.1000)" "<=" 1))."
		echo
	fi
	if [ -n "$big" ]; then
		growth_goals "$big"
		echo
	fi
	echo "Growth data: for each size, the odd indicators annual with 30 points (1996-2025), the even ones monthly with 120 (2016-01 to 2025-12), targets 2025 and 2035; the first point of each seeded, the rest pushed 100,000 at a time. Sizes from $GROWTH_BIG on ran $GROWTH_BIG_REPS time(s) (BENCH_GROWTH_BIG_REPS), the others $REPS; callgrind up to $CALLGRIND_MAX indicators. The growth section took $(v growth.section) s."
}
