/* pc_fileset.h: sets of output files that appear whole or not at all,
 * even when the process is killed part-way (issue 22).
 *
 * A folder set (export, report) is written into a new folder made with
 * mkdtemp() beside the target, DIR.tmp-XXXXXX, and swapped in with one
 * rename: renameat2(RENAME_EXCHANGE) when DIR exists (then the old folder,
 * now at the temporary name, is removed), rename() when it does not. A
 * file system that refuses the exchange gets two renames instead (DIR to
 * DIR.old-XXXXXX, the new folder to DIR), undone when the second fails.
 * Entries of the old DIR that the set does not replace are kept: files and
 * symlinks are linked (or copied) into the new folder before the swap, so
 * they are in it from the first instant; folders are moved after it.
 *
 * A file set (the letter's STEM.md and STEM.html) is written to one
 * temporary per file (mkstemp in the file's folder), synced, then renamed
 * over the files one by one; a failed rename puts back the files already
 * replaced.
 *
 * What a kill leaves: for a folder set, DIR holds the complete old set or
 * the complete new one; a DIR.tmp-XXXXXX beside it holds the part-written
 * new set (killed before the swap) or the old set (killed after it), and
 * may be removed. With the fallback, a kill between its two renames leaves
 * no DIR: the old set is in DIR.old-XXXXXX and the new in DIR.tmp-XXXXXX.
 * For a file set, a kill between two renames leaves the first file new and
 * the others old (each file is whole), with the old first file kept as
 * .NAME.XXXXXX beside it.
 *
 * Temporaries are never opened by a predictable name: mkdtemp/mkstemp, and
 * O_EXCL|O_NOFOLLOW for the files of a folder set. */
#ifndef PC_FILESET_H
#define PC_FILESET_H

#include "pc_error.h"

#include <stddef.h>
#include <sys/types.h> /* mode_t */

typedef struct pc_fileset pc_fileset; /* opaque: defined in pc_fileset.c */

/* Begins a set of files that is to replace folder dir whole. dir's parent
 * is made when missing (mkdir -p) when parents is non-zero, and must exist
 * otherwise; dir may be missing or a folder we may write (or a symlink to
 * one: the folder it names is replaced, the symlink kept). PC_ERR_INPUT
 * for "/" or a folder holding the current directory, PC_ERR_IO naming the
 * path otherwise. On success *out is owned by the caller, freed with
 * pc_fileset_free(). */
pc_status pc_fileset_begin(const char *dir, int parents, pc_fileset **out,
                           pc_error *err);

/* The new folder the set's files go in (borrowed, valid until
 * pc_fileset_free). Writers make their files in it by name. */
const char *pc_fileset_tmp(const pc_fileset *s);

/* Writes len bytes of data as file name of the set (a new file:
 * O_CREAT|O_EXCL|O_NOFOLLOW). PC_ERR_IO naming name. */
pc_status pc_fileset_write(pc_fileset *s, const char *name, const void *data,
                           size_t len, pc_error *err);

/* Carries over the old folder's other entries, syncs the new folder and
 * swaps it in (see above). An entry of the set's names that is in dir as
 * a folder or other non-file is PC_ERR_IO ("exists and is not a regular
 * file"). On failure (PC_ERR_IO naming dir) dir is as it was and the new
 * folder is removed by pc_fileset_free(). */
pc_status pc_fileset_commit(pc_fileset *s, pc_error *err);

/* Frees s (NULL-safe); removes the new folder and its files when the set
 * was not committed. */
void pc_fileset_free(pc_fileset *s);

/* Writes n files as one set: data[i] (len[i] bytes) to paths[i], each
 * first to a temporary made with mkstemp() in its folder and synced, then
 * renamed over paths[i] in order. A failure before the renames removes the
 * temporaries and leaves every path as it was; a rename that fails puts
 * back the files already renamed. PC_ERR_IO naming the path. */
pc_status pc_file_write_set(const char *const *paths, const void *const *data,
                            const size_t *len, size_t n, pc_error *err);

/* Copies the regular file from to a new file to (O_EXCL, symlinks not
 * followed) with permissions mode: for a file system or a file that
 * refuses a hard link. 0, or -1 with errno set. */
int pc_file_copy(const char *from, const char *to, mode_t mode);

/* For tests: fn is called before each step of a commit with the step's
 * name ("carry", "sync", "swap", "aside", "in", "move" for a folder set;
 * "write", "rename" for a file set, once per file) and makes the step fail
 * with the errno it returns (0: go on; EINVAL at "swap": as a file system
 * without RENAME_EXCHANGE). NULL removes the hook. Not thread-safe: for
 * tests only. */
typedef int (*pc_file_fail_fn)(const char *step);
void pc_file_set_fail_hook(pc_file_fail_fn fn);

#endif
