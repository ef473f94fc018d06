#!/usr/bin/env bash
# The house runs one way: no module of daemon/, collectors/ or graphs/
# includes, directly or through others, one that includes it back
# (tests/tools/floors.sh), no .c file is over 1,000 lines, and README's
# Layout section shows the floors as they are.
. "$(dirname "$0")/lib.sh"

map=$(sh "$ROOT/tests/tools/floors.sh" "$ROOT" 2>"$T/err"); rc=$?
is "$rc" 0 "no circle of includes$(sed 's/^/: /' "$T/err" | tr '\n' ' ')"
like "$(echo "$map" | head -1)" '^floor +[0-9]+: main$' "main is alone on the top floor"
like "$(echo "$map" | tail -1)" '^floor  1: ' "the map goes down to floor 1"
# README's map: the lines of its Layout section that begin "floor".
readme=$(awk '/^## Layout/ { on = 1; next } on && /^## / { exit }
    on && (/^floor / || /^          [a-z]/) { print }' "$ROOT/README.md")
is "$readme" "$map" "README's Layout shows the floors as they are (sh tests/tools/floors.sh)"
long=$(wc -l "$ROOT"/daemon/*.c "$ROOT"/collectors/*.c "$ROOT"/graphs/*.c |
    awk '$2 != "total" && $1 > 1000 { print $2 " " $1 }')
is "$long" "" "no .c file over 1,000 lines"
# The checker itself: a circle made on purpose is found and named.
mkdir -p "$T/h/daemon" "$T/h/collectors" "$T/h/graphs"
printf '#include "b.h"\n' > "$T/h/daemon/a.c"
printf '#include "a.h"\n' > "$T/h/daemon/b.c"
printf '\n' > "$T/h/daemon/c.c"
sh "$ROOT/tests/tools/floors.sh" "$T/h" >/dev/null 2>"$T/err"; rc=$?
is "$rc" 1 "a made circle a -> b -> a fails the check"
is "$(tr '\n' ' ' < "$T/err")" "floors: the includes run in a circle: a b " "and names its modules"
done_testing
