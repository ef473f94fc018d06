/*
 * test_conns.c: unit tests for daemon/conns.c (the HTTP connection guard)
 * on real sockets: eviction of the oldest waiting connection, the request
 * deadline, and the lingering close. The clock is passed in.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "conns.h"

/* A connected pair: p[0] the server's end, p[1] the client's. */
static void
pair(int p[2])
{
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, p), 0);
}

/* 1 if the client's end sees end of file (the server shut it down). */
static int
ended(int fd)
{
	char	 c;

	return recv(fd, &c, 1, MSG_DONTWAIT) == 0;
}

static void
test_evict_oldest_waiting(void **state)
{
	struct conns		*cs;
	struct conns_stats	 st;
	struct conn		*c[5];
	int			 p[5][2], i;

	(void)state;
	/* max 4: a reserve of 1, so 3 live connections at most. */
	assert_int_equal(conns_reserve(4), 1);
	assert_int_equal(conns_reserve(1024), 64);
	cs = conns_new(4, 10000);
	for (i = 0; i < 5; i++)
		pair(p[i]);
	c[0] = conns_open(cs, p[0][0], 0);
	c[1] = conns_open(cs, p[1][0], 1);
	c[2] = conns_open(cs, p[2][0], 2);
	assert_false(ended(p[0][1]));
	/* c[0] is being answered: never evicted; c[1] is the oldest waiting. */
	conns_begin(cs, c[0], 0);
	c[3] = conns_open(cs, p[3][0], 3);
	assert_false(ended(p[0][1]));
	assert_true(ended(p[1][1]));
	assert_false(ended(p[2][1]));
	/* c[1] is shut down but not closed yet: it no longer counts. */
	c[4] = conns_open(cs, p[4][0], 4);
	assert_true(ended(p[2][1]));
	assert_false(ended(p[3][1]));
	conns_stats(cs, &st);
	assert_int_equal(st.evicted, 2);
	assert_int_equal(st.open, 5);
	for (i = 0; i < 5; i++) {
		conns_close(cs, c[i], 5);
		close(p[i][0]);
		close(p[i][1]);
	}
	conns_stats(cs, &st);
	assert_int_equal(st.open, 0);
	assert_int_equal(st.lingering, 0);
	conns_free(cs);
}

static void
test_request_deadline(void **state)
{
	struct conns		*cs;
	struct conns_stats	 st;
	struct conn		*w, *r, *a;
	int			 pw[2], pr[2], pa[2];

	(void)state;
	cs = conns_new(100, 1000);
	pair(pw);
	pair(pr);
	pair(pa);
	w = conns_open(cs, pw[0], 0);		/* waiting for headers */
	r = conns_open(cs, pr[0], 0);
	conns_begin(cs, r, 1);			/* reading its body */
	a = conns_open(cs, pa[0], 0);
	conns_begin(cs, a, 0);			/* being answered */
	assert_int_equal(conns_sweep(cs, 999), 0);
	assert_false(ended(pw[1]));
	assert_int_equal(conns_sweep(cs, 1000), 2);
	assert_true(ended(pw[1]));
	assert_true(ended(pr[1]));
	assert_false(ended(pa[1]));
	/* Answered: the deadline counts again from the request's end. */
	conns_done(cs, a, 5000);
	assert_int_equal(conns_sweep(cs, 5999), 0);
	assert_int_equal(conns_sweep(cs, 6000), 1);
	assert_true(ended(pa[1]));
	conns_stats(cs, &st);
	assert_int_equal(st.expired, 3);
	assert_int_equal(st.evicted, 0);
	conns_close(cs, w, 6000);
	conns_close(cs, r, 6000);
	conns_close(cs, a, 6000);
	close(pw[0]); close(pw[1]); close(pr[0]); close(pr[1]);
	close(pa[0]); close(pa[1]);
	conns_free(cs);
}

static void
test_linger(void **state)
{
	struct conns		*cs;
	struct conns_stats	 st;
	struct conn		*c, *d;
	char			 buf[65536];
	int			 p[2], q[2];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	cs = conns_new(100, 10000);
	pair(p);
	pair(q);
	c = conns_open(cs, p[0], 0);
	d = conns_open(cs, q[0], 0);
	conns_begin(cs, c, 1);
	conns_linger(cs, c);
	conns_done(cs, c, 10);		/* the mark outlives the request */
	conns_close(cs, c, 100);
	close(p[0]);			/* as MHD does after NOTIFY_CLOSED */
	conns_stats(cs, &st);
	assert_int_equal(st.lingering, 1);
	assert_int_equal(st.lingered, 1);
	/* The client can still send: the guard reads and drops it. */
	assert_int_equal(send(p[1], buf, sizeof(buf), MSG_NOSIGNAL),
	    (ssize_t)sizeof(buf));
	conns_sweep(cs, 200);
	assert_int_equal(send(p[1], buf, sizeof(buf), MSG_NOSIGNAL),
	    (ssize_t)sizeof(buf));
	conns_sweep(cs, 300);
	conns_stats(cs, &st);
	assert_int_equal(st.lingering, 1);
	/* The client's end of file ends the linger. */
	shutdown(p[1], SHUT_WR);
	conns_sweep(cs, 400);
	conns_stats(cs, &st);
	assert_int_equal(st.lingering, 0);
	assert_true(ended(p[1]));
	/* Without the mark a close is plain; the time bound ends a linger. */
	conns_close(cs, d, 400);
	close(q[0]);
	conns_stats(cs, &st);
	assert_int_equal(st.lingered, 1);
	close(p[1]);
	pair(p);
	c = conns_open(cs, p[0], 0);
	conns_linger(cs, c);
	conns_close(cs, c, 1000);
	close(p[0]);
	conns_sweep(cs, 1000 + CONNS_LINGER_MS - 1);
	conns_stats(cs, &st);
	assert_int_equal(st.lingering, 1);
	conns_sweep(cs, 1000 + CONNS_LINGER_MS);
	conns_stats(cs, &st);
	assert_int_equal(st.lingering, 0);
	assert_true(ended(p[1]));
	close(p[1]);
	close(q[1]);
	conns_free(cs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evict_oldest_waiting),
		cmocka_unit_test(test_request_deadline),
		cmocka_unit_test(test_linger),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
