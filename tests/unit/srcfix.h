/*
 * srcfix.h: the sources of the series points unit tests make by hand, in
 * one table for a file's tests; srcs_free is the group's teardown.
 * Include after <cmocka.h>.
 */
#ifndef SRCFIX_H
#define SRCFIX_H

#include "srctab.h"

static struct srctab	 srcs;

static int
srcs_free(void **state)
{
	(void)state;
	srctab_free(&srcs);
	return 0;
}

#endif
