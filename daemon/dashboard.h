/*
 * dashboard.h: GET /report — the printable report, one self-contained
 * HTML page (no external assets) in the page's language: every indicator
 * as a block (never split across printed pages) with its latest value,
 * targets and their statuses in words, notes and graph; the header gives
 * the plan's name and the data's date.
 */
#ifndef DASHBOARD_H
#define DASHBOARD_H

#include "buf.h"
#include "lang.h"

struct view;

void	 dashboard_render(const struct view *, enum lang, struct buf *);

#endif
