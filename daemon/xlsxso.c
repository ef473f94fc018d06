/* xlsxso.c: libxlsxwriter's functions looked up with dlopen/dlsym (xlsxso.h). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "xlsxso.h"

static pthread_once_t	 xlsxso_once = PTHREAD_ONCE_INIT;
static struct xlsxso	 xlsxso;
static char		 xlsxso_err[256];	/* "": loaded */

/* The address of name in h, or NULL with xlsxso_err set (the first). */
static void *
xlsxso_sym(void *h, const char *name)
{
	const char	*why;
	void		*p;

	if (xlsxso_err[0] != '\0')
		return NULL;
	dlerror();
	if ((p = dlsym(h, name)) == NULL) {
		why = dlerror();
		snprintf(xlsxso_err, sizeof(xlsxso_err), "cannot load %s: %s",
		    XLSXSO_FILE, why != NULL ? why : name);
	}
	return p;
}

/*
 * The assignments convert dlsym's void * to function pointers: ISO C leaves
 * that to the implementation, POSIX requires it to work.
 */
static void
xlsxso_load(void)
{
	struct xlsxso	*t = &xlsxso;
	void		*h;

	if ((h = dlopen(XLSXSO_FILE, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(xlsxso_err, sizeof(xlsxso_err), "cannot load %s: %s",
		    XLSXSO_FILE, dlerror());
		return;
	}
	t->workbook_new_opt = xlsxso_sym(h, "workbook_new_opt");
	t->workbook_add_worksheet = xlsxso_sym(h, "workbook_add_worksheet");
	t->workbook_add_format = xlsxso_sym(h, "workbook_add_format");
	t->workbook_close = xlsxso_sym(h, "workbook_close");
	t->workbook_free = xlsxso_sym(h, "lxw_workbook_free");
	t->format_set_bold = xlsxso_sym(h, "format_set_bold");
	t->write_string = xlsxso_sym(h, "worksheet_write_string");
	t->write_number = xlsxso_sym(h, "worksheet_write_number");
	t->write_boolean = xlsxso_sym(h, "worksheet_write_boolean");
	t->freeze_panes = xlsxso_sym(h, "worksheet_freeze_panes");
	t->set_landscape = xlsxso_sym(h, "worksheet_set_landscape");
	t->fit_to_pages = xlsxso_sym(h, "worksheet_fit_to_pages");
	t->repeat_rows = xlsxso_sym(h, "worksheet_repeat_rows");
	t->set_column = xlsxso_sym(h, "worksheet_set_column");
	t->autofilter = xlsxso_sym(h, "worksheet_autofilter");
	t->strerror = xlsxso_sym(h, "lxw_strerror");
	if (xlsxso_err[0] != '\0')
		dlclose(h);
}

const struct xlsxso *
xlsxso_get(char *err, size_t errlen)
{
	pthread_once(&xlsxso_once, xlsxso_load);
	if (xlsxso_err[0] == '\0')
		return &xlsxso;
	snprintf(err, errlen, "%s", xlsxso_err);
	return NULL;
}
