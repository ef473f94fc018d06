/* buf.h: a growable byte buffer for rendering text (metrics, JSON, HTML). */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

struct buf {
	char	*data;		/* always NUL-terminated */
	size_t	 len;
	size_t	 cap;
};

void	 buf_init(struct buf *, size_t hint);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Shortest %g form that reads back as exactly v; NaN, +Inf, -Inf. */
void	 buf_double(struct buf *, double v);
/* Hand the data to the caller (NUL-terminated); the buf is reset. */
char	*buf_release(struct buf *, size_t *len);
void	 buf_free(struct buf *);

#endif
