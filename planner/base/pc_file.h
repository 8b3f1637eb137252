/* pc_file.h: whole files in and out: reading a file into memory with a
 * size limit, writing one atomically (a temporary in the same folder,
 * fsync, rename), and making a folder with its parents. Messages name the
 * file and carry strerror(). */
#ifndef PC_FILE_H
#define PC_FILE_H

#include "pc_error.h"

#include <stddef.h>

/* Reads the whole file at path into *out (malloc'd, NUL-terminated; free
 * it with free()) and its length into *len (may be NULL). PC_ERR_IO
 * naming the file when it cannot be opened or read; PC_ERR_INPUT naming
 * the file when it is not a regular file (a folder, FIFO or device, also
 * through a symlink: never read, nor waited on), or naming the limit when
 * it holds more than max bytes. */
pc_status pc_file_read(const char *path, size_t max, char **out, size_t *len,
                       pc_error *err);

/* Writes len bytes of data to path through a temporary file made with
 * mkstemp() in path's folder (".<name>.XXXXXX"), synced and renamed over
 * path, so that readers see the old file or the new one, never part of
 * one. On failure (PC_ERR_IO naming the file) the temporary is removed
 * and path is untouched. */
pc_status pc_file_write_atomic(const char *path, const void *data, size_t len,
                               pc_error *err);

/* For a writer that wants a file name rather than bytes (a library that
 * writes the file itself): makes an empty temporary for path as
 * pc_file_write_atomic() does and puts its name in tmp (n bytes). The
 * writer writes tmp; pc_file_commit() then syncs it and renames it over
 * path, or removes it on failure. The caller removes tmp when it gives up
 * before committing. PC_ERR_IO or PC_ERR_INPUT naming path. */
pc_status pc_file_temp(const char *path, char *tmp, size_t n, pc_error *err);
pc_status pc_file_commit(const char *tmp, const char *path, pc_error *err);

/* Makes folder dir and any missing parents (mkdir -p). PC_ERR_IO naming
 * the folder that could not be made; PC_ERR_INPUT for an empty or too
 * long path. */
pc_status pc_dir_make(const char *dir, pc_error *err);

#endif
