/* xmalloc.h: allocation wrappers; out of memory is fatal (one policy). */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* Free a NULL-terminated vector of strings and the strings; NULL is a no-op. */
void	 xstrv_free(char **);

#endif
