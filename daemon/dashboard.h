/*
 * dashboard.h: GET / — one self-contained HTML page (no external assets):
 * every indicator with its status badges, latest value, targets and graph.
 */
#ifndef DASHBOARD_H
#define DASHBOARD_H

#include "buf.h"
#include "lang.h"

struct view;

void	 dashboard_render(const struct view *, enum lang, struct buf *);

#endif
