/* fuzz_files.h: the files a fuzz target keeps beside it (a copy of a
 * dataset or of national files, written over by each input), the one way
 * the targets write and remove them. */
#ifndef FUZZ_FILES_H
#define FUZZ_FILES_H

#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

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
