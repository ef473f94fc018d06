#!/usr/bin/env bash
# The package lists of make deps and make check-deps are the ones README.md
# gives, and both install targets keep services from starting.
. "$(dirname "$0")/lib.sh"

# mkvar NAME: a variable of the Makefile, as make sees it.
mkvar() {
	printf 'print-var: ; @echo $(%s)\n' "$1" > "$T/print.mk"
	make -s --no-print-directory -C "$ROOT" -f Makefile -f "$T/print.mk" print-var
}
# readme_list TARGET: the backquoted names of the README item "- `make TARGET` ...".
readme_list() {
	awk -v head="- \`make $1\`" 'index($0, head) == 1 { on = 1 } on && (/^$/ || (/^- / && index($0, head) != 1)) { exit }
	    on { print }' "$ROOT/README.md" | grep -o '`[^`]*`' | tr -d '`' | grep -v '^make '
}
sorted() { tr ' ' '\n' | grep . | sort; }

run=$(mkvar RUN_PKGS | sorted)
check=$(mkvar CHECK_PKGS | sorted)
is "$(readme_list deps | sorted)" "$run" "README lists RUN_PKGS for make deps ($(echo "$run" | wc -l) packages)"
is "$(readme_list check-deps | sorted)" "$check" "README lists CHECK_PKGS for make check-deps ($(echo "$check" | wc -l) packages)"
is "$(comm -12 <(echo "$run") <(echo "$check"))" "" "no package is in both lists"
for p in prometheus prometheus-alertmanager rrdcached chromium clang valgrind libcmocka-dev lintian; do
	grep -qx "$p" <<<"$run" && not_ok "make deps does not install the test tool $p" || ok "make deps does not install the test tool $p"
done
like "$(grep -o 'fonts-[a-z-]*' <<<"$run" | tr '\n' ' ')" 'fonts-dejavu-core fonts-noto-cjk' "make deps installs the graphs' fonts, one with CJK glyphs"
# make -n shows the recipes: the check target installs the test tools, and
# every install goes through the policy-rc.d guard and the disabling.
like "$(make -n --no-print-directory -C "$ROOT" check | head -1)" "for p in $(mkvar RUN_PKGS) $(mkvar CHECK_PKGS); do" "make check installs both lists first"
for t in deps check-deps bench-deps; do
	r=$(make -n --no-print-directory -C "$ROOT" "$t")
	like "$r" "printf '#!/bin/sh\\\\n# make deps: no service starts while it installs.\\\\nexit 101\\\\n' \\|[ ]*(sudo )?tee /usr/sbin/policy-rc.d" "make $t denies service starts during the install"
	like "$r" 'systemctl disable --quiet' "make $t disables the units the new packages enabled"
done
done_testing
