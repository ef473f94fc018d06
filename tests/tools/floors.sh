#!/bin/sh
# floors.sh [ROOT]: the module map of daemon/, collectors/ and graphs/. A
# module is a .c with its .h (or a header alone); it stands on floor 1 when
# it includes no other module, else one floor above the highest module it
# includes. Prints "floor N: module ..." from the top floor down (a long
# floor goes on in the next lines, indented); exits 1
# naming the modules of a circle when includes run in one (then no floor is
# right).
set -eu
cd "${1:-.}"
edges=$(mktemp)
trap 'rm -f "$edges" "$edges.err"' EXIT
for f in daemon/*.[ch] collectors/*.[ch] graphs/*.[ch]; do
	[ -f "$f" ] || continue
	m=${f##*/}
	m=${m%.*}
	echo "$m $m"
	sed -n 's/^#include "\([^"/]*\)\.h".*/\1/p' "$f" |
	    awk -v m="$m" '$1 != m { print m, $1 }'
done | sort -u > "$edges"
if ! tsort "$edges" >/dev/null 2>"$edges.err"; then
	echo "floors: the includes run in a circle:" >&2
	sed -n 's/^tsort: //p' "$edges.err" | grep -v "input contains a loop" >&2
	exit 1
fi
awk '
	{ mod[$1] = 1; mod[$2] = 1; if ($1 != $2) dep[$1] = dep[$1] " " $2 }
	END {
		for (m in mod)
			floor[m] = 1
		do {
			moved = 0
			for (m in mod) {
				n = split(dep[m], d, " ")
				for (i = 1; i <= n; i++)
					if (floor[d[i]] + 1 > floor[m]) {
						floor[m] = floor[d[i]] + 1
						moved = 1
					}
			}
		} while (moved)
		for (m in mod) {
			if (floor[m] > top)
				top = floor[m]
			on[floor[m]] = on[floor[m]] " " m
		}
		for (f = top; f >= 1; f--) {
			n = split(on[f], l, " ")
			# a sorted line: insertion sort, n is small
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && l[j - 1] > l[j]; j--) {
					t = l[j]; l[j] = l[j - 1]; l[j - 1] = t
				}
			s = sprintf("floor %2d:", f)
			for (i = 1; i <= n; i++) {
				if (length(s) + 1 + length(l[i]) > 76) {
					print s
					s = "         "
				}
				s = s " " l[i]
			}
			print s
		}
	}' "$edges"
