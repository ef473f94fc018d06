/*
 * test_journalmove.c: unit tests for daemon/journalmove.c and what it
 * needs of daemon/journal.c: the journal's lock against a second process,
 * journal_append_lines, the export of a format 2 journal with damage and
 * a tail being written, and the import's conversion, skipping of records
 * present and refusals.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "crc32c.h"
#include "journal.h"
#include "journalmove.h"

static char	 dir[64], jpath[96], file[96];

/* A fresh directory for the test's data_dir, journal and file. */
static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_journalmove.%d",
	    (int)getpid());
	snprintf(jpath, sizeof(jpath), "%s/data/journal", dir);
	snprintf(file, sizeof(file), "%s/moved", dir);
	if (mkdir(dir, 0700) == -1)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char	 cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Append the record of fields, with its checksum and LF, to buf. */
static void
add(char *buf, size_t len, const char *fields)
{
	size_t	 n = strlen(buf);

	snprintf(buf + n, len - n, "%s\t%08x\n", fields,
	    crc32c(0, fields, strlen(fields)));
}

static void
spew(const char *path, const char *b)
{
	FILE	*f;

	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(b, 1, strlen(b), f), strlen(b));
	assert_int_equal(fclose(f), 0);
}

/* The whole file, NUL-terminated (the caller frees it). */
static char *
slurp(const char *path)
{
	char	*b = calloc(1, 65536);
	FILE	*f;

	assert_non_null(f = fopen(path, "r"));
	fread(b, 1, 65535, f);
	fclose(f);
	return b;
}

/* A config with data_dir dir/data and the indicators x and pat. */
static struct config *
load_conf(void)
{
	struct config	*c;
	char		 text[512], err[512];

	snprintf(text, sizeof(text), "data_dir = \"%s/data\";\n"
	    "feeds = ( { name = \"p\"; type = \"push\"; } );\n"
	    "indicators = ( { id = \"x\"; unit = \"count\"; feed = \"p\"; },\n"
	    "  { id = \"pat\"; unit = \"count\"; feed = \"p\"; } );\n", dir);
	if ((c = config_load_string("t.conf", text, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	return c;
}

/*
 * In a child process, journal_open of the journal this process holds
 * open: refused with the holder's pid. 0 if so.
 */
static int
child_refused(void)
{
	struct journal_report	 rep;
	struct journal		*j;
	char			 err[512], want[512];

	snprintf(want, sizeof(want), "%s: in use by process %ld (an "
	    "indicatord or an import on this data_dir): stop it first", jpath,
	    (long)getppid());
	j = journal_open(jpath, NULL, NULL, &rep, err, sizeof(err));
	journal_report_free(&rep);
	if (j != NULL) {
		journal_close(j);
		return 1;
	}
	return strcmp(err, want) == 0 ? 0 : 2;
}

/* The exit status of a child that runs fn. */
static int
in_child(int (*fn)(void))
{
	pid_t	 pid;
	int	 status;

	assert_true((pid = fork()) != -1);
	if (pid == 0)
		_exit(fn());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static int
child_opens(void)
{
	struct journal_report	 rep;
	struct journal		*j;
	char			 err[512];

	j = journal_open(jpath, NULL, NULL, &rep, err, sizeof(err));
	journal_report_free(&rep);
	journal_close(j);
	return j != NULL ? 0 : 1;
}

/*
 * An open journal is locked against other processes, not this one; the
 * lock goes with the close. An import beside it is refused too.
 */
static void
test_lock(void **state)
{
	struct journalmove_result	 res;
	struct journal_report		 rep;
	struct journal			*j;
	struct config			*c = load_conf();
	char				 err[512];

	(void)state;
	mkdir(c->data_dir, 0750);
	assert_non_null(j = journal_open(jpath, NULL, NULL, &rep, err,
	    sizeof(err)));
	journal_report_free(&rep);
	assert_int_equal(in_child(child_refused), 0);
	spew(file, JOURNAL_HEADER);
	assert_int_equal(in_child(child_refused), 0);
	journal_close(j);
	assert_int_equal(in_child(child_opens), 0);
	/* The import holds the lock until it is done: after it, free. */
	assert_int_equal(journalmove_import(c, file, &res, err, sizeof(err)),
	    0);
	assert_int_equal(in_child(child_opens), 0);
	config_free(c);
}

/* journal_append_lines: the bytes as they are, replayed after a reopen. */
static void
test_append_lines(void **state)
{
	struct journal_report	 rep;
	struct journal		*j;
	char			 err[512], lines[512] = "", want[1024], *got;
	long long		 size;

	(void)state;
	snprintf(err, sizeof(err), "%s/data", dir);
	mkdir(err, 0750);
	add(lines, sizeof(lines), "x\t2019\t20\tmanual\tpush\t1765000000");
	add(lines, sizeof(lines), "x\t2020\t1e-07\tmanual\t\t0");
	assert_non_null(j = journal_open(jpath, NULL, NULL, &rep, err,
	    sizeof(err)));
	journal_report_free(&rep);
	size = journal_size(j);
	assert_int_equal(journal_append_lines(j, lines, 0, err, sizeof(err)),
	    0);
	assert_int_equal(journal_size(j), size);
	assert_int_equal(journal_append_lines(j, lines, strlen(lines), err,
	    sizeof(err)), 0);
	assert_int_equal(journal_size(j), size + (long long)strlen(lines));
	journal_close(j);
	snprintf(want, sizeof(want), "%s%s", JOURNAL_HEADER, lines);
	got = slurp(jpath);
	assert_string_equal(got, want);
	free(got);
	assert_non_null(j = journal_open(jpath, NULL, NULL, &rep, err,
	    sizeof(err)));
	assert_int_equal(rep.records, 2);
	assert_int_equal(rep.corrupt, 0);
	journal_report_free(&rep);
	journal_close(j);
}

/* Export ids of the journal jpath into a string; -1 with err. */
static int
export(const char *ids, char **out, struct journalmove_result *res,
    char *err, size_t errlen)
{
	size_t	 len;
	FILE	*f;
	int	 rc;

	assert_non_null(f = open_memstream(out, &len));
	rc = journalmove_export(jpath, ids, f, res, err, errlen);
	fclose(f);
	return rc;
}

/*
 * A format 2 journal: its header and the records of the ids byte for
 * byte, in journal order; a damaged line counted, never written; a last
 * line without LF written with one if whole, else left out.
 */
static void
test_export(void **state)
{
	struct journalmove_result	 res;
	char				 j[2048] = "", want[2048] = "", err[512];
	char				 *out;

	(void)state;
	snprintf(err, sizeof(err), "%s/data", dir);
	mkdir(err, 0750);
	snprintf(j, sizeof(j), "%s", JOURNAL_HEADER_2);
	add(j, sizeof(j), "pat\t2022\t100\tfile\tnews");
	add(j, sizeof(j), "x\t2022\t1\tfile\tnews");
	add(j, sizeof(j), "pat\t2023\t120\tmanual\t\t1765000000");
	strcat(j, "pat\t2024\t130\tmanual\t\t1765000001\t00000000\n");
	add(j, sizeof(j), "y\t2024\t3\tmanual\t\t1765000002");
	add(j, sizeof(j), "pat\t2025\t140\tmanual\t\t1765000003");
	j[strlen(j) - 1] = '\0';
	spew(jpath, j);
	snprintf(want, sizeof(want), "%s", JOURNAL_HEADER_2);
	add(want, sizeof(want), "pat\t2022\t100\tfile\tnews");
	add(want, sizeof(want), "pat\t2023\t120\tmanual\t\t1765000000");
	add(want, sizeof(want), "pat\t2025\t140\tmanual\t\t1765000003");
	assert_int_equal(export("pat", &out, &res, err, sizeof(err)), 0);
	assert_string_equal(out, want);
	assert_int_equal(res.records, 3);
	assert_int_equal(res.indicators, 1);
	assert_int_equal(res.bad, 1);
	free(out);

	/* A torn tail is left out, not counted: it is being appended. */
	j[strlen(j) - 5] = '\0';
	spew(jpath, j);
	want[strlen(want) - 1] = '\0';
	strrchr(want, '\n')[1] = '\0';
	assert_int_equal(export("pat,pat", &out, &res, err, sizeof(err)), 0);
	assert_string_equal(out, want);
	assert_int_equal(res.records, 2);
	assert_int_equal(res.indicators, 1);
	assert_int_equal(res.bad, 1);
	free(out);
}

/* What export refuses: nothing written. */
static void
test_export_refused(void **state)
{
	struct journalmove_result	 res;
	char				 j[1024] = "", want[512], err[512];
	char				 *out;

	(void)state;
	snprintf(err, sizeof(err), "%s/data", dir);
	mkdir(err, 0750);
	snprintf(j, sizeof(j), "%s", JOURNAL_HEADER);
	add(j, sizeof(j), "x\t2022\t1\tfile\tnews\t0");
	spew(jpath, j);
	assert_int_equal(export("x,y,zz", &out, &res, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: no record of \"y\", \"zz\": nothing "
	    "exported", jpath);
	assert_string_equal(err, want);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(export("x,", &out, &res, err, sizeof(err)), -1);
	assert_string_equal(err, "--journal-export: \"\" is not an indicator "
	    "id");
	free(out);
	spew(jpath, "x\t2022\t1\tfile\tnews\n");
	assert_int_equal(export("x", &out, &res, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: not a journal of format 2 or 3 (its "
	    "first line is no journal header): start indicatord on it once, "
	    "which converts it, then export", jpath);
	assert_string_equal(err, want);
	assert_string_equal(out, "");
	free(out);
	unlink(jpath);
	assert_int_equal(export("x", &out, &res, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: No such file or directory", jpath);
	assert_string_equal(err, want);
	free(out);
}

/*
 * Import of a format 2 file into a journal that has one of its records
 * (another stored time): data_dir made, records converted, that one
 * skipped, the rest appended in file order; again: nothing appended.
 */
static void
test_import(void **state)
{
	struct journalmove_result	 res;
	struct config			*c = load_conf();
	char				 f[1024] = "", want[2048] = "", err[512];
	char				 jfirst[512] = "", *got;

	(void)state;
	snprintf(f, sizeof(f), "%s", JOURNAL_HEADER_2);
	add(f, sizeof(f), "pat\t2022\t100\tfile\tnews");
	add(f, sizeof(f), "x\t2022\t1\tfile\tnews\t1765000000");
	add(f, sizeof(f), "pat\t2022\t100\tfile\tnews");
	spew(file, f);
	assert_int_equal(journalmove_import(c, file, &res, err, sizeof(err)),
	    0);
	assert_int_equal(res.records, 3);
	assert_int_equal(res.indicators, 2);
	assert_int_equal(res.present, 0);
	snprintf(want, sizeof(want), "%s", JOURNAL_HEADER);
	add(want, sizeof(want), "pat\t2022\t100\tfile\tnews\t0");
	add(want, sizeof(want), "x\t2022\t1\tfile\tnews\t1765000000");
	add(want, sizeof(want), "pat\t2022\t100\tfile\tnews\t0");
	got = slurp(jpath);
	assert_string_equal(got, want);
	free(got);
	assert_int_equal(journalmove_import(c, file, &res, err, sizeof(err)),
	    0);
	assert_int_equal(res.records, 0);
	assert_int_equal(res.present, 3);
	got = slurp(jpath);
	assert_string_equal(got, want);
	free(got);

	/* x 2022 present with another stored time; x 2023 and a source new. */
	snprintf(f, sizeof(f), "%s", JOURNAL_HEADER);
	add(jfirst, sizeof(jfirst), "x\t2022\t1\tfile\tnews\t9");
	add(jfirst, sizeof(jfirst), "x\t2023\t2\tfile\tnews\t9");
	add(jfirst, sizeof(jfirst), "x\t2022\t1\tfile\tother\t9");
	strcat(f, jfirst);
	spew(file, f);
	assert_int_equal(journalmove_import(c, file, &res, err, sizeof(err)),
	    0);
	assert_int_equal(res.records, 2);
	assert_int_equal(res.indicators, 1);
	assert_int_equal(res.present, 1);
	strcat(want, strchr(jfirst, '\n') + 1);
	got = slurp(jpath);
	assert_string_equal(got, want);
	free(got);
	config_free(c);
}

/* Refused imports: nothing appended, FILE:LINE named. */
static void
test_import_refused(void **state)
{
	struct journalmove_result	 res;
	struct config			*c = load_conf();
	char				 f[1024] = "", want[512], err[512];
	char				*before, *got;

	(void)state;
	spew(file, JOURNAL_HEADER);
	assert_int_equal(journalmove_import(c, file, &res, err, sizeof(err)),
	    0);
	before = slurp(jpath);
	snprintf(f, sizeof(f), "%s", JOURNAL_HEADER);
	add(f, sizeof(f), "x\t2022\t1\tfile\tnews\t0");
	add(f, sizeof(f), "y\t2022\t1\tfile\tnews\t0");
	spew(file, f);
	assert_int_equal(journalmove_import(c, file, &res, err, sizeof(err)),
	    -1);
	snprintf(want, sizeof(want), "%s:3: indicator \"y\" is not one of this "
	    "instance's (t.conf): nothing imported", file);
	assert_string_equal(err, want);
	got = slurp(jpath);
	assert_string_equal(got, before);
	free(got);
	snprintf(want, sizeof(want), "%s/none", dir);
	assert_int_equal(journalmove_import(c, want, &res, err, sizeof(err)),
	    -1);
	strcat(want, ": No such file or directory");
	assert_string_equal(err, want);
	free(before);
	config_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_refused, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
