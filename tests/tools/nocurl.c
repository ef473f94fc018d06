/*
 * nocurl.c: a library named libcurl.so.4 that has none of libcurl's
 * functions. t_libcurl.sh puts its directory in LD_LIBRARY_PATH, where the
 * dynamic loader finds it before the real one, to see the daemon report a
 * libcurl it cannot use instead of crashing.
 */
int	 nocurl(void);

int
nocurl(void)
{
	return 0;
}
