/* pc_fileset.c: output sets that appear whole or not at all (see
 * pc_fileset.h). POSIX plus Linux's renameat2(RENAME_EXCHANGE), with a
 * two-rename fallback where it is missing or refused. */
#define _GNU_SOURCE /* renameat2 */
#include "pc_fileset.h"

#include "pc_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_CAP 4096

struct pc_fileset {
    char real[PATH_CAP]; /* the target: its parent's real path + its name */
    char tmp[PATH_CAP];  /* DIR.tmp-XXXXXX: the new set */
    char old[PATH_CAP];  /* after the swap, where the old set is ("") */
    int existed;         /* the target was a folder when we began */
    mode_t mode;         /* the mode the new folder gets */
    int exchanged;       /* swapped by RENAME_EXCHANGE, not the fallback */
    int swapped;         /* committed: the new set is in */
};

static pc_file_fail_fn fail_hook;

void pc_file_set_fail_hook(pc_file_fail_fn fn)
{
    fail_hook = fn;
}

/* 0 to go on with step, or (errno set) -1 when the test hook fails it. */
static int step(const char *name)
{
    int e = fail_hook ? fail_hook(name) : 0;

    if (e) {
        errno = e;
        return -1;
    }
    return 0;
}

/* Joins dir and name into out (n bytes); 0 when it does not fit. */
static int join(char *out, size_t n, const char *dir, const char *name)
{
    int k = snprintf(out, n, "%s/%s", dir, name);

    return k >= 0 && (size_t)k < n;
}

/* Removes the files in dir, then dir (best effort: for clean-up). Folders
 * inside are left, and keep dir. */
static void remove_flat(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[PATH_CAP];

    while (d && (e = readdir(d)) != NULL) {
        struct stat sb;

        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (join(p, sizeof p, dir, e->d_name) && lstat(p, &sb) == 0 &&
            !S_ISDIR(sb.st_mode))
            unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* The real path of dir's parent and dir's name, in out. */
static pc_status target_path(const char *dir, int parents, char *out,
                             pc_error *err)
{
    char path[PATH_CAP], parent[PATH_CAP], *slash, *name;
    size_t n = strlen(dir);

    if (n == 0 || n >= sizeof path)
        return PC_FAIL(err, PC_ERR_INPUT, "bad directory \"%s\"", dir);
    memcpy(path, dir, n + 1);
    while (n > 1 && path[n - 1] == '/')
        path[--n] = 0;
    if (realpath(path, out)) /* an existing folder, or a symlink to one */
        return PC_OK;
    if (errno != ENOENT)
        return PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", dir,
                       strerror(errno));
    slash = strrchr(path, '/');
    name = slash ? slash + 1 : path;
    if (!strcmp(name, ".") || !strcmp(name, ".."))
        return PC_FAIL(err, PC_ERR_INPUT, "bad directory \"%s\"", dir);
    if (slash) {
        *slash = 0;
        if (parents && slash != path && pc_dir_make(path, err) != PC_OK)
            return err->code;
    }
    if (!realpath(slash ? (slash == path ? "/" : path) : ".", parent))
        return PC_FAIL(err, PC_ERR_IO, "creating %s: %s", dir, strerror(errno));
    if (!join(out, PATH_CAP, strcmp(parent, "/") ? parent : "", name))
        return PC_FAIL(err, PC_ERR_INPUT, "cannot write %s: path too long",
                       dir);
    return PC_OK;
}

/* PC_ERR_INPUT when real is "/" or holds the current directory: the swap
 * would leave the process, and any shell there, in a removed folder. */
static pc_status check_not_cwd(const char *dir, const char *real, pc_error *err)
{
    char cwd[PATH_CAP];
    size_t n = strlen(real);

    if (!strcmp(real, "/"))
        return PC_FAIL(err, PC_ERR_INPUT, "cannot write into \"/\"");
    if (getcwd(cwd, sizeof cwd) && !strncmp(cwd, real, n) &&
        (cwd[n] == 0 || cwd[n] == '/'))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "cannot write into %s: it is replaced whole, and "
                       "holds the current directory (name a folder inside "
                       "it)",
                       dir);
    return PC_OK;
}

pc_status pc_fileset_begin(const char *dir, int parents, pc_fileset **out,
                           pc_error *err)
{
    pc_fileset *s = calloc(1, sizeof *s);
    struct stat sb;
    mode_t um;

    if (!s)
        return PC_NOMEM(err);
    if (target_path(dir, parents, s->real, err) != PC_OK ||
        check_not_cwd(dir, s->real, err) != PC_OK)
        goto fail;
    um = umask(0);
    umask(um);
    s->mode = 0777 & ~um;
    if (lstat(s->real, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode)) {
            PC_FAIL(err, PC_ERR_IO, "%s: not a directory", dir);
            goto fail;
        }
        /* the swap needs no write permission on dir: ask for it, so that
         * a folder made read-only is not replaced */
        if (access(s->real, W_OK) != 0) {
            PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", dir,
                    strerror(errno));
            goto fail;
        }
        s->existed = 1;
        s->mode = sb.st_mode & 07777;
    }
    if (snprintf(s->tmp, sizeof s->tmp, "%s.tmp-XXXXXX", s->real) >=
        (int)sizeof s->tmp) {
        PC_FAIL(err, PC_ERR_INPUT, "cannot write %s: path too long", dir);
        goto fail;
    }
    if (!mkdtemp(s->tmp)) {
        PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", dir, strerror(errno));
        goto fail;
    }
    *out = s;
    return PC_OK;

fail:
    free(s);
    return err->code;
}

const char *pc_fileset_tmp(const pc_fileset *s)
{
    return s->tmp;
}

/* Writes all of data to fd; 0 or -1 (errno set). */
static int write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

pc_status pc_fileset_write(pc_fileset *s, const char *name, const void *data,
                           size_t len, pc_error *err)
{
    char p[PATH_CAP];
    int fd, e;

    if (!join(p, sizeof p, s->tmp, name))
        return PC_FAIL(err, PC_ERR_INPUT, "cannot write %s: path too long",
                       name);
    fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666);
    if (fd < 0)
        return PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", name,
                       strerror(errno));
    if (write_all(fd, data, len) != 0) {
        e = errno;
        close(fd);
        return PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", name,
                       strerror(e));
    }
    if (close(fd) != 0)
        return PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", name,
                       strerror(errno));
    return PC_OK;
}

int pc_file_copy(const char *from, const char *to, mode_t mode)
{
    char buf[1 << 15];
    int in = open(from, O_RDONLY | O_NOFOLLOW), out = -1, rc = -1, e;
    ssize_t r;

    if (in < 0)
        return -1;
    out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode & 07777);
    while (out >= 0 && (r = read(in, buf, sizeof buf)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || write_all(out, buf, (size_t)r) != 0)
            goto done;
    }
    rc = out >= 0 ? 0 : -1;
done:
    e = errno;
    close(in);
    if (out >= 0 && close(out) != 0 && rc == 0) {
        e = errno;
        rc = -1;
    }
    errno = e;
    return rc;
}

/* Puts into the new folder the old folder's files and symlinks that the
 * set does not replace: a hard link, else a copy. Folders and other kinds
 * are left for move_rest() after the swap. */
static pc_status carry(pc_fileset *s, pc_error *err)
{
    DIR *d;
    struct dirent *e;
    pc_status rc = PC_OK;

    if (!s->existed)
        return PC_OK;
    if (step("carry") != 0 || !(d = opendir(s->real)))
        return PC_FAIL(err, PC_ERR_IO, "reading %s: %s", s->real,
                       strerror(errno));
    while (rc == PC_OK && (e = readdir(d)) != NULL) {
        char from[PATH_CAP], to[PATH_CAP], link_to[PATH_CAP];
        struct stat sb, nb;
        ssize_t k;
        int ok = 1;

        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (!join(from, sizeof from, s->real, e->d_name) ||
            !join(to, sizeof to, s->tmp, e->d_name) || lstat(from, &sb) != 0)
            ok = 0;
        else if (lstat(to, &nb) == 0) { /* replaced by the set */
            if (!S_ISREG(sb.st_mode) && !S_ISLNK(sb.st_mode)) {
                errno = EEXIST;
                rc = PC_FAIL(err, PC_ERR_IO,
                             "writing %s: exists and is not a regular file",
                             from);
            }
            continue;
        } else if (S_ISREG(sb.st_mode))
            ok = link(from, to) == 0 || pc_file_copy(from, to, sb.st_mode) == 0;
        else if (S_ISLNK(sb.st_mode)) {
            k = readlink(from, link_to, sizeof link_to - 1);
            if (k >= 0)
                link_to[k] = 0;
            ok = k >= 0 && symlink(link_to, to) == 0;
        }
        if (!ok)
            rc = PC_FAIL(err, PC_ERR_IO, "keeping %s: %s", from,
                         strerror(errno));
    }
    closedir(d);
    return rc;
}

/* Syncs the new folder's files and the folder, and gives it its mode. */
static pc_status sync_tmp(pc_fileset *s, pc_error *err)
{
    DIR *d;
    struct dirent *e;
    int fd, ok = 1;

    if (step("sync") != 0 || !(d = opendir(s->tmp)))
        return PC_FAIL(err, PC_ERR_IO, "writing %s: %s", s->real,
                       strerror(errno));
    while (ok && (e = readdir(d)) != NULL) {
        char p[PATH_CAP];
        struct stat sb;

        if (!join(p, sizeof p, s->tmp, e->d_name) || lstat(p, &sb) != 0 ||
            !S_ISREG(sb.st_mode))
            continue;
        fd = open(p, O_RDONLY | O_NOFOLLOW);
        ok = fd >= 0 && fsync(fd) == 0;
        if (fd >= 0)
            close(fd);
    }
    closedir(d);
    if (ok && chmod(s->tmp, s->mode) != 0)
        ok = 0;
    fd = ok ? open(s->tmp, O_RDONLY | O_DIRECTORY) : -1;
    ok = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    if (!ok)
        return PC_FAIL(err, PC_ERR_IO, "writing %s: %s", s->real,
                       strerror(errno));
    return PC_OK;
}

/* Without RENAME_EXCHANGE: DIR to DIR.old-XXXXXX (an empty folder that
 * the rename replaces), then the new folder to DIR; the first undone when
 * the second fails. */
static pc_status swap_fallback(pc_fileset *s, pc_error *err)
{
    int e;

    if (snprintf(s->old, sizeof s->old, "%s.old-XXXXXX", s->real) >=
            (int)sizeof s->old ||
        !mkdtemp(s->old)) {
        s->old[0] = 0;
        return PC_FAIL(err, PC_ERR_IO, "replacing %s: %s", s->real,
                       strerror(errno));
    }
    if (step("aside") != 0 || rename(s->real, s->old) != 0) {
        e = errno;
        rmdir(s->old);
        s->old[0] = 0;
        return PC_FAIL(err, PC_ERR_IO, "replacing %s: %s", s->real,
                       strerror(e));
    }
    if (step("in") != 0 || rename(s->tmp, s->real) != 0) {
        e = errno;
        rename(s->old, s->real);
        s->old[0] = 0;
        return PC_FAIL(err, PC_ERR_IO, "replacing %s: %s", s->real,
                       strerror(e));
    }
    return PC_OK;
}

/* Swaps the new folder in; afterwards s->old names the old set (empty
 * when there was none). */
static pc_status swap(pc_fileset *s, pc_error *err)
{
    int e;

    if (!s->existed) {
        if (step("swap") != 0 || rename(s->tmp, s->real) != 0)
            return PC_FAIL(err, PC_ERR_IO, "writing %s: %s", s->real,
                           strerror(errno));
        return PC_OK;
    }
#ifdef RENAME_EXCHANGE
    if (step("swap") == 0 &&
        renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->real, RENAME_EXCHANGE) == 0) {
        memcpy(s->old, s->tmp, sizeof s->old);
        s->exchanged = 1;
        return PC_OK;
    }
    e = errno;
    if (e != EINVAL && e != ENOSYS && e != ENOTSUP)
        return PC_FAIL(err, PC_ERR_IO, "replacing %s: %s", s->real,
                       strerror(e));
#else
    (void)e;
#endif
    return swap_fallback(s, err);
}

/* Puts the old set back after a failure past the swap (best effort): the
 * new set goes back to s->tmp, for pc_fileset_free to remove. */
static void unswap(pc_fileset *s)
{
#ifdef RENAME_EXCHANGE
    if (s->exchanged) {
        renameat2(AT_FDCWD, s->old, AT_FDCWD, s->real, RENAME_EXCHANGE);
        s->old[0] = 0;
        return;
    }
#endif
    if (rename(s->real, s->tmp) == 0)
        rename(s->old, s->real);
    s->old[0] = 0;
}

/* Moves the old folder's folders (and other kinds carry() left) into the
 * new one, or with back set, back again (the set itself is only files). */
static int move_rest(pc_fileset *s, int back)
{
    const char *src = back ? s->real : s->old, *dst = back ? s->old : s->real;
    DIR *d = opendir(src);
    struct dirent *e;
    int ok = d != NULL;

    while (ok && (e = readdir(d)) != NULL) {
        char from[PATH_CAP], to[PATH_CAP];
        struct stat sb, nb;

        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !join(from, sizeof from, src, e->d_name) ||
            !join(to, sizeof to, dst, e->d_name) || lstat(from, &sb) != 0 ||
            S_ISREG(sb.st_mode) || S_ISLNK(sb.st_mode) || lstat(to, &nb) == 0)
            continue;
        if (back)
            rename(from, to);
        else
            ok = step("move") == 0 && rename(from, to) == 0;
    }
    if (d)
        closedir(d);
    return ok ? 0 : -1;
}

pc_status pc_fileset_commit(pc_fileset *s, pc_error *err)
{
    char parent[PATH_CAP], *slash;
    pc_status rc;
    int fd, e;

    if ((rc = carry(s, err)) != PC_OK || (rc = sync_tmp(s, err)) != PC_OK ||
        (rc = swap(s, err)) != PC_OK)
        return rc; /* the new folder is removed by pc_fileset_free */
    if (s->old[0] && move_rest(s, 0) != 0) {
        e = errno;
        /* the folders moved go back, then the old set */
        move_rest(s, 1);
        unswap(s);
        return PC_FAIL(err, PC_ERR_IO, "replacing %s: %s", s->real,
                       strerror(e));
    }
    s->swapped = 1;
    if (s->old[0])
        remove_flat(s->old); /* the old set */
    /* the swap itself made durable */
    memcpy(parent, s->real, sizeof parent);
    slash = strrchr(parent, '/');
    if (slash)
        *(slash == parent ? slash + 1 : slash) = 0;
    fd = open(slash ? parent : ".", O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    return PC_OK;
}

void pc_fileset_free(pc_fileset *s)
{
    if (!s)
        return;
    if (!s->swapped && s->tmp[0])
        remove_flat(s->tmp);
    free(s);
}

/* ------------------------------------------------------------------ */
/* A set of files                                                      */
/* ------------------------------------------------------------------ */

/* Keeps the old file at path as a hard link under a fresh name beside it,
 * in bak, to put back should a later rename fail; bak is "" when there is
 * no old file, or it is not a regular file, or the file system refuses
 * the link (it then cannot be put back). *existed says whether path was
 * there. -1 only when no temporary name can be made. */
static int backup(const char *path, char *bak, size_t n, char *existed)
{
    struct stat sb;
    pc_error e = {0};

    bak[0] = 0;
    *existed = lstat(path, &sb) == 0;
    if (!*existed || !S_ISREG(sb.st_mode))
        return 0;
    if (pc_file_temp(path, bak, n, &e) != PC_OK)
        return -1;
    /* link() will not replace the name: free it first (a name planted in
     * between makes link fail, never followed) */
    if (unlink(bak) != 0 || link(path, bak) != 0)
        bak[0] = 0;
    return 0;
}

/* Renames tmps over paths in order; on failure puts back what it did
 * (a path that was not there is removed again). */
static pc_status rename_set(const char *const *paths, char (*tmp)[PATH_CAP],
                            char (*bak)[PATH_CAP], size_t n, pc_error *err)
{
    char *existed = calloc(n + 1, 1);
    size_t i, done = 0, bad = 0;
    int e = ENOMEM;

    if (!existed)
        goto fail;
    for (i = 0; i < n; i++)
        if (backup(paths[i], bak[i], PATH_CAP, &existed[i]) != 0) {
            e = errno;
            bad = i;
            goto fail;
        }
    for (; done < n; done++)
        if (step("rename") != 0 || rename(tmp[done], paths[done]) != 0) {
            e = errno;
            bad = done;
            goto fail;
        }
    for (i = 0; i < n; i++)
        if (bak[i][0])
            unlink(bak[i]);
    free(existed);
    return PC_OK;

fail:
    for (i = done; i < n; i++) /* not renamed: the old file is in place */
        if (bak[i][0])
            unlink(bak[i]);
    while (done-- > 0) {
        if (!existed[done])
            unlink(paths[done]);
        else if (bak[done][0])
            rename(bak[done], paths[done]); /* kept if this fails */
    }
    free(existed);
    return PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", paths[bad],
                   strerror(e));
}

/* Writes data (len bytes) to a fresh temporary for path, synced. */
static pc_status write_temp(const char *path, const void *data, size_t len,
                            char *tmp, pc_error *err)
{
    int fd, e;

    if (pc_file_temp(path, tmp, PATH_CAP, err) != PC_OK) {
        tmp[0] = 0;
        return err->code;
    }
    fd = step("write") == 0 ? open(tmp, O_WRONLY | O_NOFOLLOW) : -1;
    if (fd < 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        e = errno;
        if (fd >= 0)
            close(fd);
        return PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", path,
                       strerror(e));
    }
    if (close(fd) != 0)
        return PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", path,
                       strerror(errno));
    return PC_OK;
}

pc_status pc_file_write_set(const char *const *paths, const void *const *data,
                            const size_t *len, size_t n, pc_error *err)
{
    char(*tmp)[PATH_CAP] = calloc(n + 1, sizeof *tmp);
    char(*bak)[PATH_CAP] = calloc(n + 1, sizeof *bak);
    pc_status rc = PC_OK;
    size_t i;

    if (!tmp || !bak) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    for (i = 0; rc == PC_OK && i < n; i++)
        rc = write_temp(paths[i], data[i], len[i], tmp[i], err);
    if (rc == PC_OK)
        rc = rename_set(paths, tmp, bak, n, err);
    for (i = 0; rc != PC_OK && i < n; i++)
        if (tmp[i][0])
            unlink(tmp[i]); /* not renamed (a renamed one is gone) */

cleanup:
    free(tmp);
    free(bak);
    return rc;
}
