/* pc_file.c: reading and atomically writing whole files, and making
 * folders (pc_file.h). POSIX: open/mkstemp/fsync/rename. */
#include "pc_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_CAP 4096

pc_status pc_file_read(const char *path, size_t max, char **out, size_t *len,
                       pc_error *err)
{
    pc_status rc = PC_OK;
    FILE *f = NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = NULL, *nb;
    struct stat sb;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0)
        return PC_FAIL(err, PC_ERR_IO, "cannot open %s: %s", path,
                       strerror(errno));
    /* a folder, FIFO or device (/dev/zero) is never an input file */
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s is not a regular file (expected a file, not a "
                       "folder, FIFO or device)",
                       path);
    }
    if (fcntl(fd, F_SETFL, 0) != 0 || !(f = fdopen(fd, "rb"))) {
        rc = PC_FAIL(err, PC_ERR_IO, "cannot open %s: %s", path,
                     strerror(errno));
        close(fd);
        return rc;
    }
    for (;;) {
        if (max < SIZE_MAX - 1 && cap > max + 1)
            cap = max + 1; /* one byte more tells "at the limit" from over */
        if (!(nb = realloc(b, cap + 1))) {
            rc = PC_FAIL(err, PC_ERR_NOMEM, "out of memory reading %s", path);
            goto cleanup;
        }
        b = nb;
        n += fread(b + n, 1, cap - n, f);
        if (n < cap || cap > max)
            break;
        cap = cap > SIZE_MAX / 4 ? SIZE_MAX / 2 : cap * 2;
    }
    if (ferror(f)) {
        rc = PC_FAIL(err, PC_ERR_IO, "cannot read %s: %s", path,
                     strerror(errno));
        goto cleanup;
    }
    if (n > max) {
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "%s is larger than %zu bytes (expected at most %zu)", path,
                     max, max);
        goto cleanup;
    }
    b[n] = '\0';
    *out = b;
    b = NULL;
    if (len)
        *len = n;

cleanup:
    free(b);
    fclose(f);
    return rc;
}

/* The temporary's template: "<folder>/.<name>.XXXXXX". */
static pc_status temp_name(const char *path, char *out, size_t n, pc_error *err)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    int k;

    if (!*name)
        return PC_FAIL(err, PC_ERR_INPUT, "cannot write %s: not a file name",
                       path);
    k = snprintf(out, n, "%.*s.%s.XXXXXX", slash ? (int)(name - path) : 0, path,
                 name);
    if (k < 0 || (size_t)k >= n)
        return PC_FAIL(err, PC_ERR_INPUT, "cannot write %s: path too long",
                       path);
    return PC_OK;
}

pc_status pc_file_write_atomic(const char *path, const void *data, size_t len,
                               pc_error *err)
{
    char tmp[PATH_CAP];
    const char *p = data;
    size_t done = 0;
    int fd;

    if (temp_name(path, tmp, sizeof tmp, err) != PC_OK)
        return err->code;
    if ((fd = mkstemp(tmp)) < 0)
        return PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", path,
                       strerror(errno));
    while (done < len) {
        ssize_t w = write(fd, p + done, len - done);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            goto fail;
        done += (size_t)w;
    }
    /* mkstemp makes the file 0600: give it the mode a new file gets */
    {
        mode_t um = umask(0);

        umask(um);
        if (fchmod(fd, 0666 & ~um) != 0)
            goto fail;
    }
    if (fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto fail;
    return PC_OK;

fail : {
    int e = errno;

    if (fd >= 0)
        close(fd);
    unlink(tmp);
    return PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", path, strerror(e));
}
}

pc_status pc_file_temp(const char *path, char *tmp, size_t n, pc_error *err)
{
    mode_t um;
    int fd;

    if (temp_name(path, tmp, n, err) != PC_OK)
        return err->code;
    if ((fd = mkstemp(tmp)) < 0)
        return PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", path,
                       strerror(errno));
    um = umask(0);
    umask(um);
    if (fchmod(fd, 0666 & ~um) != 0 || close(fd) != 0) {
        int e = errno;

        unlink(tmp);
        return PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", path,
                       strerror(e));
    }
    return PC_OK;
}

pc_status pc_file_commit(const char *tmp, const char *path, pc_error *err)
{
    int fd = open(tmp, O_RDONLY | O_NOFOLLOW);

    if (fd < 0 || fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        int e = errno;

        if (fd >= 0)
            close(fd);
        unlink(tmp);
        return PC_FAIL(err, PC_ERR_IO, "cannot write %s: %s", path,
                       strerror(e));
    }
    return PC_OK;
}

pc_status pc_dir_make(const char *dir, pc_error *err)
{
    char path[PATH_CAP];
    size_t n = strlen(dir);
    struct stat st;

    if (n == 0 || n >= sizeof path)
        return PC_FAIL(err, PC_ERR_INPUT, "bad directory \"%s\"", dir);
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != 0)
            continue;
        path[i] = 0;
        if (!(stat(path, &st) == 0 && S_ISDIR(st.st_mode)) &&
            mkdir(path, 0777) != 0)
            return PC_FAIL(err, PC_ERR_IO, "cannot create directory %s: %s",
                           path, strerror(errno));
        path[i] = i < n ? '/' : 0;
    }
    return PC_OK;
}
