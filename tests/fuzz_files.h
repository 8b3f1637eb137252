/* fuzz_files.h: the files a fuzz target reads from the source tree and
 * keeps beside it (a copy of a dataset or of national files, written over
 * by each input), the one way the targets find, write and remove them. */
#ifndef FUZZ_FILES_H
#define FUZZ_FILES_H

#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The path of rel in the source tree, in buf (n bytes): under
 * $PC_SOURCE_DIR (ctest sets it), else relative to the current directory
 * (the repository root); returns buf. */
static inline const char *fuzz_src(const char *rel, char *buf, size_t n)
{
    const char *root = getenv("PC_SOURCE_DIR");

    snprintf(buf, n, "%s/%s", root && *root ? root : ".", rel);
    return buf;
}

/* Writes size bytes of data to path; -1 when it cannot. */
static inline int fuzz_write_file(const char *path, const void *data,
                                  size_t size)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (!f)
        return -1;
    ok = fwrite(data, 1, size, f) == size;
    if (fclose(f) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* Removes the files of folder dir (it holds no folders), then dir. */
static inline void fuzz_remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];

    if (!d)
        return;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && snprintf(path, sizeof path, "%s/%s", dir,
                                            e->d_name) < (int)sizeof path)
            unlink(path);
    closedir(d);
    rmdir(dir);
}

#endif
