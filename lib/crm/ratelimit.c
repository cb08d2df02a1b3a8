#include "crm/ratelimit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"

#define MAGIC 0x5049535445524c31ULL /* "PISTERL1" */
#define PROBE 16

struct slot {
	uint64_t key;   /* 0: free */
	int64_t start;  /* window start (unix seconds) */
	int64_t count;
};

struct header {
	uint64_t magic;
	uint64_t nslots;
	int64_t pending[RATELIMIT_PENDING];
};

struct table {
	struct header h;
	struct slot slots[RATELIMIT_SLOTS];
};

struct ratelimit {
	int fd;
	struct table *t;
};

static int lock(int fd, short type)
{
	struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	while (fcntl(fd, F_OFD_SETLKW, &fl) != 0) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

int ratelimit_open(struct ratelimit **out, const char *path)
{
	*out = NULL;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_warn("ratelimit: %s", path);
		return ERR_IO;
	}
	size_t size = sizeof(struct table);
	/* Size and initialise once, under the lock (several threads and
	 * processes open it at the same time). */
	if (lock(fd, F_WRLCK) != 0) {
		close(fd);
		return ERR_IO;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || ((size_t)st.st_size < size && ftruncate(fd, (off_t)size) != 0)) {
		log_warn("ratelimit: %s", path);
		close(fd);
		return ERR_IO;
	}
	struct table *t = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (t == MAP_FAILED) {
		log_warn("ratelimit: mmap %s", path);
		close(fd);
		return ERR_IO;
	}
	if (t->h.magic != MAGIC || t->h.nslots != RATELIMIT_SLOTS) {
		memset(t, 0, size);
		t->h.magic = MAGIC;
		t->h.nslots = RATELIMIT_SLOTS;
	}
	lock(fd, F_UNLCK);
	struct ratelimit *rl = calloc(1, sizeof *rl);
	if (!rl) {
		munmap(t, size);
		close(fd);
		return ERR_NOMEM;
	}
	rl->fd = fd;
	rl->t = t;
	*out = rl;
	return 0;
}

void ratelimit_close(struct ratelimit *rl)
{
	if (!rl)
		return;
	munmap(rl->t, sizeof(struct table));
	close(rl->fd);
	free(rl);
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

void ratelimit_client_key(const char *addr, char out[64])
{
	unsigned char in6[16];
	if (addr && strchr(addr, ':') && inet_pton(AF_INET6, addr, in6) == 1) {
		memset(in6 + 8, 0, 8);
		char s[INET6_ADDRSTRLEN];
		inet_ntop(AF_INET6, in6, s, sizeof s);
		snprintf(out, 64, "%s/64", s);
		return;
	}
	snprintf(out, 64, "%s", addr ? addr : "");
}

int ratelimit_hit(struct ratelimit *rl, const char *client, int64_t limit, int64_t window,
		  int64_t now, int64_t *retry_after)
{
	if (retry_after)
		*retry_after = 0;
	if (!rl || limit <= 0 || window <= 0)
		return 0;
	char key[64];
	ratelimit_client_key(client, key);
	uint64_t h = hash(key);
	if (lock(rl->fd, F_WRLCK) != 0)
		return 0; /* fail open: nginx's limit_req still applies */
	/* The key's slot, else the first free or expired one in its
	 * neighbourhood, else the one whose window started first. */
	struct slot *s = NULL, *reuse = NULL, *oldest = NULL;
	for (unsigned i = 0; i < PROBE; i++) {
		struct slot *x = &rl->t->slots[(h + i) % RATELIMIT_SLOTS];
		if (x->key == h) {
			s = x;
			break;
		}
		if (!reuse && (x->key == 0 || now - x->start >= window || x->start > now))
			reuse = x;
		if (!oldest || x->start < oldest->start)
			oldest = x;
	}
	if (!s)
		s = reuse ? reuse : oldest;
	if (s->key != h) {
		s->key = h;
		s->start = now;
		s->count = 0;
	}
	if (now - s->start >= window || s->start > now) {
		s->start = now;
		s->count = 0;
	}
	int rc = 0;
	if (s->count >= limit) {
		rc = ERR_LOCKED;
		if (retry_after)
			*retry_after = s->start + window - now > 0 ? s->start + window - now : 1;
	} else {
		s->count++;
	}
	lock(rl->fd, F_UNLCK);
	return rc;
}

/* The slot of a key, or NULL. Under the lock. */
static struct slot *find_slot(struct ratelimit *rl, uint64_t h)
{
	for (unsigned i = 0; i < PROBE; i++) {
		struct slot *x = &rl->t->slots[(h + i) % RATELIMIT_SLOTS];
		if (x->key == h)
			return x;
	}
	return NULL;
}

int ratelimit_check(struct ratelimit *rl, const char *client, int64_t limit, int64_t window,
		    int64_t now, int64_t *retry_after)
{
	if (retry_after)
		*retry_after = 0;
	if (!rl || limit <= 0 || window <= 0)
		return 0;
	char key[64];
	ratelimit_client_key(client, key);
	if (lock(rl->fd, F_RDLCK) != 0)
		return 0;
	struct slot *s = find_slot(rl, hash(key));
	int rc = 0;
	if (s && now - s->start < window && s->start <= now && s->count >= limit) {
		rc = ERR_LOCKED;
		if (retry_after)
			*retry_after = s->start + window - now > 0 ? s->start + window - now : 1;
	}
	lock(rl->fd, F_UNLCK);
	return rc;
}

int64_t ratelimit_count(struct ratelimit *rl, const char *client)
{
	if (!rl)
		return 0;
	char key[64];
	ratelimit_client_key(client, key);
	if (lock(rl->fd, F_RDLCK) != 0)
		return 0;
	struct slot *s = find_slot(rl, hash(key));
	int64_t n = s ? s->count : 0;
	lock(rl->fd, F_UNLCK);
	return n;
}

void ratelimit_pending_add(struct ratelimit *rl, unsigned idx, int64_t n)
{
	if (!rl || idx >= RATELIMIT_PENDING)
		return;
	__atomic_add_fetch(&rl->t->h.pending[idx], n, __ATOMIC_SEQ_CST);
}

int64_t ratelimit_pending_take(struct ratelimit *rl, unsigned idx)
{
	if (!rl || idx >= RATELIMIT_PENDING)
		return 0;
	return __atomic_exchange_n(&rl->t->h.pending[idx], 0, __ATOMIC_SEQ_CST);
}
