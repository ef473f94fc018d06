/*
 * alertview.h: the alerts as a subscriber of the registry's views. Each
 * view's targets are told to the alerts (alerts_observe) where the
 * indicator changed in a way they care about (struct iview's alert_gen),
 * and all of them after a reconfiguration and at the first view.
 */
#ifndef ALERTVIEW_H
#define ALERTVIEW_H

#include "alert.h"
#include "view.h"

struct alertview;

struct alertview *alertview_new(struct alerts *);
/* A registry_cb: arg is the struct alertview. */
void	 alertview_update(void *arg, struct view *);
void	 alertview_free(struct alertview *);

#endif
