/*
 * exec.h: run a command (argv, no shell) with stdin from /dev/null or a given
 * input, collect its stdout and stderr. Every process the command starts,
 * also in another session (setsid) or after a double fork, is killed when
 * the run ends: at the command's exit, timeout or cancel, and when the
 * daemon dies. Pure with respect to the daemon: no logging, errors into the
 * caller's buffer.
 */
#ifndef EXEC_H
#define EXEC_H

#include <stddef.h>

struct exec_result {
	char	*out;		/* stdout, NUL-terminated */
	size_t	 outlen;
	char	*errout;	/* stderr (at most EXEC_STDERR_MAX bytes kept) */
	size_t	 errlen;
};

#define EXEC_STDERR_MAX	65536

/*
 * Run argv[0] (an absolute path) with argv, feeding input (may be NULL) on
 * stdin. Returns 0 when it exited with status 0 within timeout seconds and
 * wrote at most max bytes to stdout; -1 otherwise with err set ("exited with
 * status 3", "killed by signal 9", "timed out after 5 s", "output larger
 * than N bytes", "/bin/x: No such file or directory", "cancelled"). The
 * command is killed soon (within 100 ms) after *cancel becomes non-zero;
 * cancel may be NULL. The run ends when the command has exited and its
 * stdout and stderr are closed; what it left running is killed then. res
 * is filled in both cases; free with exec_result_free.
 */
int	 exec_run_cancel(char *const argv[], const char *input,
	    size_t inputlen, int timeout, size_t max, const int *cancel,
	    struct exec_result *res, char *err, size_t errlen);
void	 exec_result_free(struct exec_result *);

#endif
