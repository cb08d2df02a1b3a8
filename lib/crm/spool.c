#include "crm/spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"

#define SPOOL_MAX_ENTRY (4 << 20)

static int key_ok(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = key[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

static int mkdirs(const char *dir)
{
	char tmp[1024];
	if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp)
		return -1;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int spool_write(const char *dir, const char *key, const char *data, size_t len)
{
	if (!key_ok(key))
		return ERR_INVALID;
	if (mkdirs(dir) != 0) {
		log_warn("spool: cannot create %s", dir);
		return ERR_IO;
	}
	struct timeval tv;
	gettimeofday(&tv, NULL);
	char tmp[1200], final[1200];
	/* A unique temporary name: two submissions may carry the same key. */
	snprintf(tmp, sizeof tmp, "%s/.%s.%d.%lld.tmp", dir, key, (int)gettid(),
		 (long long)tv.tv_sec * 1000000 + tv.tv_usec);
	snprintf(final, sizeof final, "%s/%016lld-%s.json", dir,
		 (long long)tv.tv_sec * 1000000 + tv.tv_usec, key);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_warn("spool: cannot write %s", tmp);
		return ERR_IO;
	}
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		log_warn("spool: cannot write %s", tmp);
		close(fd);
		unlink(tmp);
		return ERR_IO;
	}
	close(fd);
	if (rename(tmp, final) != 0 || fsync_dir(dir) != 0) {
		log_warn("spool: cannot commit %s", final);
		unlink(tmp);
		return ERR_IO;
	}
	return 0;
}

static int is_entry(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".json") == 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entry names (malloc'd array of malloc'd strings). */
static char **list(const char *dir, size_t *n)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	size_t cap = 0;
	char **v = NULL;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!is_entry(de->d_name))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			char **nv = realloc(v, cap * sizeof *v);
			if (!nv)
				break;
			v = nv;
		}
		v[(*n)++] = strdup(de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof *v, cmp_names);
	return v;
}

int spool_count(const char *dir)
{
	size_t n;
	char **v = list(dir, &n);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return (int)n;
}

/* The key inside "<time>-<key>.json". */
static void key_of(const char *name, char *out, size_t cap)
{
	const char *dash = strchr(name, '-');
	const char *k = dash ? dash + 1 : name;
	size_t n = strlen(k) - 5;
	if (n >= cap)
		n = cap - 1;
	memcpy(out, k, n);
	out[n] = '\0';
}

static void set_aside(const char *dir, const char *name, const char *path)
{
	char fdir[1100], dest[1400];
	snprintf(fdir, sizeof fdir, "%s/failed", dir);
	snprintf(dest, sizeof dest, "%s/%s", fdir, name);
	if (mkdirs(fdir) != 0 || rename(path, dest) != 0) {
		log_warn("spool: cannot move %s aside", path);
		return;
	}
	fsync_dir(fdir);
	fsync_dir(dir);
	log_warnx("spool: entry %s could not be replayed; kept in %s", name, fdir);
}

/* 0 done, 1 skipped (locked or gone), ERR_UNAVAILABLE stop, other: failed. */
static int one(const char *dir, const char *name, spool_fn fn, void *arg)
{
	char path[1400];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1; /* another replay removed it */
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return 1; /* another replay is working on it */
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_nlink == 0) {
		close(fd); /* removed between our open and our lock */
		return 1;
	}
	if (st.st_size > SPOOL_MAX_ENTRY) {
		set_aside(dir, name, path);
		close(fd);
		return ERR_TOOBIG;
	}
	char *data = malloc((size_t)st.st_size + 1);
	ssize_t got = data ? read(fd, data, (size_t)st.st_size) : -1;
	if (got != st.st_size) {
		free(data);
		close(fd);
		log_warn("spool: cannot read %s", path);
		return ERR_IO;
	}
	data[got] = '\0';
	char key[80];
	key_of(name, key, sizeof key);
	int rc = fn(arg, key, data, (size_t)got);
	free(data);
	if (rc == 0) {
		if (unlink(path) != 0)
			log_warn("spool: cannot remove %s", path);
		fsync_dir(dir);
	} else if (rc != ERR_UNAVAILABLE) {
		set_aside(dir, name, path);
	}
	close(fd); /* releases the lock */
	return rc;
}

int spool_replay(const char *dir, spool_fn fn, void *arg, struct spool_stats *st)
{
	struct spool_stats s = {0};
	size_t n;
	char **v = list(dir, &n);
	int rc = 0;
	size_t i;
	for (i = 0; i < n; i++) {
		int r = one(dir, v[i], fn, arg);
		if (r == 0)
			s.done++;
		else if (r == 1)
			s.skipped++;
		else if (r == ERR_UNAVAILABLE) {
			rc = ERR_UNAVAILABLE;
			break;
		} else
			s.failed++;
	}
	s.left = rc ? (int)(n - i) : 0;
	for (size_t k = 0; k < n; k++)
		free(v[k]);
	free(v);
	if (st)
		*st = s;
	return rc;
}
