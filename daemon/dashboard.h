/*
 * dashboard.h: GET / — one self-contained HTML page (no external assets):
 * every indicator with its status badges, latest value, targets and graph.
 */
#ifndef DASHBOARD_H
#define DASHBOARD_H

#include "buf.h"

struct view;

void	 dashboard_render(const struct view *, struct buf *);

#endif
