/* test_base.c: pc_base: the error type, the string buffer, formatting,
 * the arena, the index, string lists, text checks and the JSON reader. */
#include "check.h"
#include "pc_arena.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "pc_hash.h"
#include "pc_index.h"
#include "pc_json.h"
#include "pc_strlist.h"
#include "pc_text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static pc_status inner(pc_error *err)
{
    return PC_FAIL(err, PC_ERR_INPUT, "field \"%s\": bad", "x");
}

static void error_wrap(void)
{
    pc_error err = {0};

    CHECK(inner(&err) == PC_ERR_INPUT);
    CHECK(pc_error_wrap(&err, "row %d", 12) == PC_ERR_INPUT);
    CHECK(pc_error_wrap(&err, "%s", "f.csv") == PC_ERR_INPUT);
    CHECK_STR(err.msg, "f.csv: row 12: field \"x\": bad");
    CHECK_STR(err.func, "inner");
    CHECK_STR(pc_status_name(PC_ERR_NOTFOUND), "notfound");
}

static void error_wrap_truncates(void)
{
    pc_error err = {0};
    char big[2000];

    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    PC_FAIL(&err, PC_ERR_IO, "%s", big);
    pc_error_wrap(&err, "ctx");
    CHECK(strlen(err.msg) == sizeof err.msg - 1);
    CHECK(!strncmp(err.msg, "ctx: aaa", 8));
}

static void buf_grows_and_caps(void)
{
    pc_buf b = PC_BUF_INIT(10);

    CHECK_STR(pc_buf_str(&b), "");
    CHECK(pc_buf_puts(&b, "hello") == PC_OK);
    CHECK(pc_buf_printf(&b, "%d", 1234) == PC_OK);
    CHECK_STR(pc_buf_str(&b), "hello1234");
    CHECK(pc_buf_puts(&b, "xy") == PC_ERR_NOMEM); /* past the cap */
    CHECK_STR(pc_buf_str(&b), "hello1234");
    pc_buf_free(&b);
}

/* An array grows by doubling to hold what is asked, keeps what it held,
 * and refuses a size that would overflow without touching the array. */
static void arrays_grow(void)
{
    int *v = NULL;
    size_t cap = 0;

    CHECK(pc_grow((void **)&v, &cap, 0, sizeof *v) == 0 && !v && cap == 0);
    CHECK(pc_grow((void **)&v, &cap, 1, sizeof *v) == 0 && v && cap == 32);
    for (int i = 0; i < 32; i++)
        v[i] = i;
    CHECK(pc_grow((void **)&v, &cap, 100, sizeof *v) == 0 && cap == 128);
    CHECK(v[31] == 31);
    CHECK(pc_grow((void **)&v, &cap, 128, sizeof *v) == 0 && cap == 128);
    CHECK(pc_grow((void **)&v, &cap, SIZE_MAX / 2, sizeof *v) == -1);
    CHECK(cap == 128 && v[0] == 0);
    free(v);
}

static void numbers_fixed(void)
{
    char out[64];

    pc_fmt_num(out, sizeof out, 2.0 / 3.0, 3);
    CHECK_STR(out, "0.667");
    pc_fmt_num(out, sizeof out, -0.0001, 2);
    CHECK_STR(out, "0.00"); /* no "-0.00" */
    pc_fmt_thousands(out, sizeof out, 1119429);
    CHECK_STR(out, "1,119,429");
    pc_fmt_thousands(out, sizeof out, -73000);
    CHECK_STR(out, "-73,000");
    pc_fmt_thousands(out, sizeof out, 999);
    CHECK_STR(out, "999");
}

static void money_one_formatter(void)
{
    char out[64];

    pc_fmt_money(out, sizeof out, 2429361.5, "\xc2\xa3", 0);
    CHECK_STR(out, "\xc2\xa3"
                   "2,429,362"); /* half away from zero */
    pc_fmt_money(out, sizeof out, -12.4, "\xc2\xa3", 0);
    CHECK_STR(out, "-\xc2\xa3"
                   "12");
    pc_fmt_money(out, sizeof out, 3105, "GBP ", 1);
    CHECK_STR(out, "GBP 3,105.00");
    pc_fmt_money(out, sizeof out, 3105, "", -1);
    CHECK_STR(out, "3,105");
    pc_fmt_money(out, sizeof out, 3927.834, "", -1);
    CHECK_STR(out, "3,927.83");
    pc_fmt_money(out, sizeof out, -0.4, "\xc2\xa3", 0);
    CHECK_STR(out, "\xc2\xa3"
                   "0"); /* no "-£0" */
    pc_fmt_grouped(out, sizeof out, 9040.4, 0);
    CHECK_STR(out, "9,040");
    pc_fmt_trim(out, sizeof out, 2300, 2);
    CHECK_STR(out, "2,300");
    pc_fmt_pct(out, sizeof out, 0.4123, 1);
    CHECK_STR(out, "41.2%");
    pc_fmt_ordinal(out, sizeof out, 1022);
    CHECK_STR(out, "1,022nd");
    pc_fmt_ordinal(out, sizeof out, 112);
    CHECK_STR(out, "112th");
    CHECK(pc_fmt_date(out, sizeof out, "2026-04-01") == 0);
    CHECK_STR(out, "1 April 2026");
    CHECK(pc_fmt_date(out, sizeof out, "2027-02-29") == -1);
    CHECK_STR(out, "1 April 2026"); /* untouched */
}

/* Table cells: padded to the width in characters, not bytes; a longer
 * name cut with an ellipsis; never past the buffer. */
static void cells_cut_with_ellipsis(void)
{
    char out[64], small[8];

    pc_fmt_cell(out, sizeof out, "RUGBY", 8);
    CHECK_STR(out, "RUGBY   ");
    pc_fmt_cell(out, sizeof out, "WILLENHALL PRIMARY CARE CENTRE", 12);
    CHECK_STR(out, "WILLENHALL \xe2\x80\xa6");
    pc_fmt_cell(out, sizeof out, "Caf\xc3\xa9 Row", 6); /* 8 chars, 9 bytes */
    CHECK_STR(out, "Caf\xc3\xa9 \xe2\x80\xa6");
    pc_fmt_cell(out, sizeof out, "Caf\xc3\xa9", 5);
    CHECK_STR(out, "Caf\xc3\xa9 "); /* 4 characters, one space */
    pc_fmt_cell(out, sizeof out, "exactly8", 8);
    CHECK_STR(out, "exactly8");
    pc_fmt_cell(out, sizeof out, NULL, 3);
    CHECK_STR(out, "-  ");
    pc_fmt_cell(small, sizeof small, "a long name", 20);
    CHECK(strlen(small) == 7);
}

static void arena_index_strlist(void)
{
    pc_arena *a = pc_arena_new();
    pc_index ix = {0};
    pc_strlist l = PC_STRLIST_INIT;
    pc_error err = {0};
    char key[32];
    size_t v = 0, old = 0;
    int ok = 1;

    CHECK(a != NULL);
    if (!a)
        return;
    /* enough keys to make the index grow several times */
    for (size_t i = 0; i < 1000 && ok; i++) {
        char *k;

        snprintf(key, sizeof key, "P%05zu", i);
        k = pc_arena_strdup(a, key);
        ok = k && pc_index_put(&ix, k, i, NULL) == 1;
    }
    CHECK(ok);
    CHECK(ix.count == 1000);
    CHECK(pc_index_get(&ix, "P00777", &v) == 1 && v == 777);
    CHECK(pc_index_get(&ix, "P01000", &v) == 0);
    CHECK(pc_index_put(&ix, "P00042", 9, &old) == 0 && old == 42);
    for (int i = 0; i < 20; i++)
        CHECK(pc_strlist_addf(&l, a, &err, "warning %d", i) == PC_OK);
    CHECK(l.count == 20 && l.cap >= 20);
    CHECK_STR(l.items[0], "warning 0");
    CHECK_STR(l.items[19], "warning 19");
    CHECK(((size_t)pc_arena_calloc(a, 3, 24) % _Alignof(max_align_t)) == 0);
    CHECK(pc_arena_calloc(a, (size_t)-1, 16) == NULL); /* overflow */
    pc_index_free(&ix);
    pc_arena_free(a);
    pc_arena_free(NULL);
}

/* A string table's use of the index: a key put as it is and given a
 * lasting copy in its slot; a table made big enough once does not grow. */
static void index_upsert_reserve(void)
{
    pc_index ix = {0};
    char tmp[16] = "P00001", *copy = strdup("P00001");
    const pc_index_slot *found;
    pc_index_slot *s;
    size_t cap, v;
    int added = 0;

    CHECK(pc_index_find(&ix, "P00001") == NULL); /* empty: no table yet */
    s = pc_index_upsert(&ix, tmp, 7, &added);
    CHECK(s != NULL && added == 1 && s->val == 7);
    if (s)
        s->key = copy;
    strcpy(tmp, "changed"); /* the index no longer looks at tmp */
    found = pc_index_find(&ix, "P00001");
    CHECK(found != NULL && found->key == copy && found->val == 7);
    s = pc_index_upsert(&ix, "P00001", 8, &added);
    CHECK(s != NULL && added == 0 && s->val == 7 && s->key == copy);
    CHECK(pc_index_get(&ix, "changed", &v) == 0);
    CHECK(pc_index_reserve(&ix, 1000) == 0);
    cap = ix.cap;
    CHECK(cap >= 2002 && ix.count == 1);
    CHECK(pc_index_get(&ix, "P00001", &v) == 1 && v == 7); /* kept */
    for (size_t i = 0; i < 999; i++) {
        snprintf(tmp, sizeof tmp, "Q%05zu", i);
        s = pc_index_upsert(&ix, tmp, i, &added);
        CHECK(s && added);
        if (s)
            s->key = strdup(tmp);
    }
    CHECK(ix.cap == cap && ix.count == 1000);
    CHECK(pc_index_get(&ix, "Q00998", &v) == 1 && v == 998);
    CHECK(pc_index_reserve(&ix, 10) == 0 && ix.cap == cap); /* never shrinks */
    for (size_t i = 0; i < ix.cap; i++)
        if (ix.slots[i].key)
            free((char *)ix.slots[i].key);
    pc_index_free(&ix);
}

static pc_status parse(const char *text, cJSON **out, pc_error *err)
{
    return pc_json_parse(text, strlen(text), out, err);
}

/* Rows grouped by key keep their order; rows in no group are left out;
 * an empty group has no rows. */
static void groups_keep_order(void)
{
    const size_t none = SIZE_MAX;
    size_t g[] = {2, 0, 2, none, 0, 2}, val[] = {10, 11, 12, 13, 14, 15};
    pc_groups G = {0};
    const size_t *r;
    size_t n;

    CHECK(pc_groups_make(&G, 4, 6, g, NULL) == 0);
    r = pc_groups_of(&G, 0, &n);
    CHECK(n == 2 && r[0] == 1 && r[1] == 4);
    r = pc_groups_of(&G, 1, &n);
    CHECK(n == 0);
    r = pc_groups_of(&G, 2, &n);
    CHECK(n == 3 && r[0] == 0 && r[1] == 2 && r[2] == 5);
    pc_groups_of(&G, 3, &n);
    CHECK(n == 0);
    CHECK(pc_groups_make(&G, 3, 6, g, val) == 0); /* made again */
    r = pc_groups_of(&G, 2, &n);
    CHECK(n == 3 && r[0] == 10 && r[1] == 12 && r[2] == 15);
    pc_groups_free(&G);
    CHECK(G.start == NULL && G.rows == NULL);
    CHECK(pc_groups_make(&G, 0, 0, g, NULL) == 0);
    pc_groups_free(&G);
}

/* The id hash: strings end with their NUL, -0 is 0, NULL is no text. */
static void hash_values(void)
{
    pc_hash a = PC_HASH_INIT, b = PC_HASH_INIT;

    pc_hash_str(&a, "ab");
    pc_hash_str(&a, "c");
    pc_hash_str(&b, "a");
    pc_hash_str(&b, "bc");
    CHECK(a.h != b.h);
    a = (pc_hash)PC_HASH_INIT;
    b = (pc_hash)PC_HASH_INIT;
    pc_hash_num(&a, 0.0);
    pc_hash_num(&b, -0.0);
    CHECK(a.h == b.h);
    pc_hash_num(&b, 1.0);
    CHECK(a.h != b.h);
    a = (pc_hash)PC_HASH_INIT;
    b = (pc_hash)PC_HASH_INIT;
    pc_hash_str(&a, NULL);
    pc_hash_str(&b, "");
    CHECK(a.h != b.h);
    /* the published FNV-1a 64 of "a" */
    a = (pc_hash)PC_HASH_INIT;
    pc_hash_bytes(&a, "a", 1);
    CHECK(a.h == 0xaf63dc4c8601ec8cULL);
}

static void json_parse_errors(void)
{
    pc_error err = {0};
    cJSON *j = NULL;

    CHECK(parse("\xEF\xBB\xBF {\"a\": [1, 2]}\n", &j, &err) == PC_OK);
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(j, "a")) == 2);
    cJSON_Delete(j);
    j = NULL;
    CHECK(parse("  \n", &j, &err) == PC_ERR_INPUT && !j);
    CHECK(strstr(err.msg, "no JSON text") != NULL);
    CHECK(parse("{\"a\":\n [1, 2", &j, &err) == PC_ERR_INPUT && !j);
    CHECK(strstr(err.msg, "ends too early") != NULL);
    CHECK(parse("{\"a\": 1}\n x", &j, &err) == PC_ERR_INPUT && !j);
    CHECK_STR(err.msg, "line 2, column 2: text after the JSON document "
                       "(expected the end of the text)");
    CHECK(parse("{\"a\": tru}", &j, &err) == PC_ERR_INPUT && !j);
    CHECK(strncmp(err.msg, "line 1, column ", 15) == 0);
    CHECK(strstr(err.msg, "not valid JSON") != NULL);
    CHECK(parse("{\"a\": \"x\\u0000y\"}", &j, &err) == PC_ERR_INPUT && !j);
    CHECK(strstr(err.msg, "\\u0000") != NULL);
    CHECK(parse("{\"a\": \"\xC3\x28\"}", &j, &err) == PC_ERR_INPUT && !j);
    CHECK(strstr(err.msg, "UTF-8") != NULL);
}

static void json_reader_paths(void)
{
    const char *text = "{\"sites\": [{\"id\": \"S1\", \"homes\": 10.5, "
                       "\"n\": 3, \"ok\": true, \"tags\": [\"a\", 1]}], "
                       "\"note\": null}";
    cJSON *root = NULL;
    pc_error err = {0};
    pc_jr r, s;
    const cJSON *arr = NULL;
    const char *str = "untouched";
    double d = -1;
    int has = 0, b = 0;

    CHECK(pc_json_parse(text, strlen(text), &root, &err) == PC_OK);
    r = pc_jr_root(root, "report", &err);
    CHECK(pc_jr_arr(&r, "sites", PC_JR_REQ, 0, &arr) == PC_OK && arr);
    pc_jr_sub(&s, &r, cJSON_GetArrayItem(arr, 0), "sites", 0);
    CHECK(pc_jr_str(&s, "id", PC_JR_REQ, &str) == PC_OK);
    CHECK_STR(str, "S1");
    CHECK(pc_jr_num(&s, "homes", PC_JR_REQ, &d, &has) == PC_OK && has);
    CHECK_NEAR(d, 10.5, 0);
    CHECK(pc_jr_int(&s, "homes", PC_JR_REQ, &d, NULL) == PC_ERR_INPUT);
    CHECK_STR(err.msg,
              "report: key \"sites[0].homes\": expected an integer, got 10.5");
    CHECK(pc_jr_int(&s, "n", PC_JR_REQ, &d, NULL) == PC_OK && d == 3);
    CHECK(pc_jr_bool(&s, "ok", PC_JR_REQ, &b) == PC_OK && b == 1);
    CHECK(pc_jr_str(&s, "name", PC_JR_REQ, &str) == PC_ERR_INPUT);
    CHECK_STR(err.msg,
              "report: key \"sites[0].name\": missing (expected a string)");
    CHECK(pc_jr_arr(&s, "tags", PC_JR_REQ, 1, &arr) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "report: key \"sites[0].tags[1]\": expected a "
                       "string, got a number");
    CHECK(pc_jr_str(&r, "note", PC_JR_OPT, &str) == PC_OK && !str);
    CHECK(pc_jr_num(&r, "missing", PC_JR_OPT, &d, &has) == PC_OK && !has);
    CHECK(pc_jr_nonneg(&r, "sites", &d) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "report: key \"sites\": expected a number, got an "
                       "array");
    cJSON_Delete(root);
}

/* The reader's key checks, bounds and values quoted by value, as a
 * scenario file's messages need them. */
static void json_reader_keys_bounds(void)
{
    const char *text = "{\"a\": {\"x\": -0, \"y\": 2.5, \"z\": \"q\\\"\", "
                       "\"z\": 1}, \"b\\n\": 1}";
    static const char *const top[] = {"a", "b", NULL};
    static const char *const inner[] = {"x", "y", "z", NULL};
    const pc_jr_bounds years = {1, 50, 0, 0, 1};
    const pc_jr_bounds open = {0, 2, 1, 1, 0};
    const pc_jr_bounds nonneg = {0, INFINITY, 0, 0, 0};
    cJSON *root = NULL;
    pc_error err = {0};
    char buf[PC_JSON_DISP_SZ + 32];
    pc_jr r, s;
    double d = -1;

    CHECK(pc_json_parse(text, strlen(text), &root, &err) == PC_OK);
    r = pc_jr_root(root, NULL, &err);
    CHECK(pc_jr_keys(&r, top) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "unknown key \"b\\u000a\" (expected one of a, b)");
    pc_jr_sub(&s, &r, cJSON_GetObjectItem(root, "a"), "a", -1);
    CHECK(pc_jr_keys(&s, top) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "key \"a.x\": unknown key (expected a or b)");
    CHECK(pc_jr_keys(&s, inner) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "key \"a.z\": given twice");
    CHECK(pc_jr_within(&s, "x", &years, &d) == PC_ERR_INPUT && d == -1);
    CHECK_STR(err.msg, "key \"a.x\": expected an integer from 1 to 50, got -0");
    CHECK(pc_jr_within(&s, "x", &nonneg, &d) == PC_OK && d == 0 && !signbit(d));
    CHECK(pc_jr_within(&s, "y", &open, &d) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "key \"a.y\": expected a number greater than 0 and "
                       "less than 2, got 2.5");
    CHECK(pc_jr_within(&s, "z", &nonneg, &d) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "key \"a.z\": expected a number of at least 0, got "
                       "the string \"q\\\"\"");
    CHECK(pc_jr_bad_value(&s, "w", "true or false",
                          cJSON_GetObjectItem(s.obj, "y")) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "key \"a.w\": expected true or false, got 2.5");
    CHECK_STR(pc_json_got(buf, sizeof buf, NULL), "nothing");
    CHECK_STR(pc_json_disp(buf, sizeof buf,
                           "0123456789012345678901234567890123456789"
                           "0123456789"),
              "012345678901234567890123456789012345678901234567...");
    CHECK_STR(pc_json_list(buf, sizeof buf, inner, " and/or "),
              "x, y and/or z");
    cJSON_Delete(root);
}

/* Presence modes, elements, UTF-8 checks of a document built in memory
 * and the reader's own failures. */
static void json_reader_modes(void)
{
    cJSON *root = cJSON_CreateObject();
    pc_error err = {0};
    pc_jr r, s;
    const cJSON *arr = NULL;
    const char *str = "untouched";
    double d = -1;
    int has = 1, b = 1;

    cJSON_AddNullToObject(root, "nothing");
    cJSON_AddStringToObject(root, "bad", "a \xff b");
    cJSON_AddItemToObject(root, "list", cJSON_CreateArray());
    cJSON_AddItemToArray(cJSON_GetObjectItem(root, "list"),
                         cJSON_CreateNumber(1));
    r = pc_jr_root(root, "report", &err);
    /* PC_JR_NUL: null is fine, absent is not */
    CHECK(pc_jr_str(&r, "nothing", PC_JR_NUL, &str) == PC_OK && !str);
    CHECK(pc_jr_num(&r, "nothing", PC_JR_NUL, &d, &has) == PC_OK && !has);
    CHECK(pc_jr_bool(&r, "nothing", PC_JR_NUL, &b) == PC_OK && b == 0);
    CHECK(pc_jr_num(&r, "absent", PC_JR_NUL, &d, &has) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "report: key \"absent\": missing (expected a number "
                       "or null)");
    CHECK(pc_jr_str(&r, "nothing", PC_JR_REQ, &str) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "report: key \"nothing\": expected a string, got null");
    CHECK(pc_jr_arr(&r, "nothing", PC_JR_OPT, 0, &arr) == PC_OK && !arr);
    CHECK(pc_jr_arr(&r, "bad", PC_JR_OPT, 0, &arr) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "report: key \"bad\": expected an array or null, got "
                       "a string");
    /* strings are checked to be UTF-8 only when asked */
    CHECK(pc_jr_str(&r, "bad", PC_JR_REQ, &str) == PC_OK);
    r.utf8 = 1;
    CHECK(pc_jr_str(&r, "bad", PC_JR_REQ, &str) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "report: key \"bad\": ");
    /* elements must be objects, and readers of them name their index */
    arr = cJSON_GetObjectItem(root, "list");
    CHECK(pc_jr_elem(&s, &r, "list", 0, cJSON_GetArrayItem(arr, 0)) ==
          PC_ERR_INPUT);
    CHECK_STR(err.msg, "report: key \"list[0]\": expected an object, got a "
                       "number");
    CHECK(pc_jr_elem(&s, &r, "list", 3, root) == PC_OK && s.utf8);
    CHECK(pc_jr_fail(&s, "x", "expected %d", 7) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "report: key \"list[3].x\": expected 7");
    cJSON_Delete(root);
}

/* One UTF-8 decoder: lengths, the code points, and what it refuses. */
static void utf8_decoder(void)
{
    static const struct {
        const char *s;
        size_t avail, len;
        unsigned cp;
    } c[] = {
        {"A", 1, 1, 0x41},
        {"\xc3\xa9", 2, 2, 0xE9},            /* e acute */
        {"\xe2\x82\xac", 3, 3, 0x20AC},      /* euro */
        {"\xf0\x9f\x8f\xa5", 4, 4, 0x1F3E5}, /* hospital */
        {"\xf0\x9f\x8f\xa5", 3, 0, 0},       /* cut short */
        {"\xc0\x80", 2, 0, 0},               /* overlong NUL */
        {"\xe0\x80\x80", 3, 0, 0},           /* overlong */
        {"\xed\xa0\x80", 3, 0, 0},           /* surrogate */
        {"\xf4\x90\x80\x80", 4, 0, 0},       /* above U+10FFFF */
        {"\x80", 1, 0, 0},                   /* a lone continuation */
        {"\xe2\x82", SIZE_MAX, 0, 0},        /* stops at the NUL */
    };
    pc_error err = {0};

    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        unsigned cp = 0;

        CHECK(pc_utf8_next(c[i].s, c[i].avail, &cp) == c[i].len);
        CHECK(!c[i].len || cp == c[i].cp);
    }
    CHECK(pc_utf8_check("a\nb\xc3\xa9\xff", 6, &err) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "line 2, character 3: invalid UTF-8 byte 0xFF "
                       "(expected UTF-8 text)");
    CHECK(pc_utf8_check("a\0", 2, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "NUL byte");
}

/* Text only echoed is made valid UTF-8: each byte that starts no valid
 * sequence becomes U+FFFD, valid characters stay as they are; and
 * pc_utf8_valid says whether there was any such byte. */
static void utf8_repaired(void)
{
    static const struct {
        const char *s, *want;
    } c[] = {
        {"plain", "plain"},
        {"caf\xc3\xa9", "caf\xc3\xa9"},
        {"a\x96"
         "b",
         "a\xef\xbf\xbd"
         "b"},
        {"\xc3", "\xef\xbf\xbd"}, /* cut short */
        {"\xed\xa0\x80",
         "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* surrogate */
        {"", ""},
    };

    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        pc_buf b = PC_BUF_INIT(PC_CAP_LINE);

        CHECK(pc_utf8_repair(c[i].s, &b) == PC_OK);
        CHECK_STR(pc_buf_str(&b), c[i].want);
        /* valid exactly when there was nothing to repair */
        CHECK(pc_utf8_valid(c[i].s) == !strcmp(c[i].s, c[i].want));
        pc_buf_free(&b);
    }
}

/* A typed name: the exact one wins wherever it stands, else the first
 * equal ignoring case; none lists the names, or says there are none. */
static void names_typed(void)
{
    static const char *const names[] = {"Rugby", NULL, "rugby", "Coventry"};
    pc_error err = {0};

    CHECK(pc_name_find("rugby", names, 4, pc_name_of_strings) == 2);
    CHECK(pc_name_find("RUGBY", names, 4, pc_name_of_strings) == 0);
    CHECK(pc_name_find("coventry", names, 4, pc_name_of_strings) == 3);
    CHECK(pc_name_find("Rugby", names, 2, pc_name_of_strings) == 0);
    CHECK(pc_name_find("rugby", names, 2, pc_name_of_strings) == 0);
    CHECK(pc_name_find("Warwick", names, 4, pc_name_of_strings) == 4);
    CHECK(pc_name_find(NULL, names, 4, pc_name_of_strings) == 4);
    CHECK(pc_name_missing("place", "Warwick", names + 3, 1, pc_name_of_strings,
                          &err) == PC_ERR_NOTFOUND);
    CHECK_STR(err.msg,
              "no place named \"Warwick\" (the places are \"Coventry\")");
    CHECK(pc_name_missing("place", "Warwick", names, 0, pc_name_of_strings,
                          &err) == PC_ERR_NOTFOUND);
    CHECK_STR(err.msg, "no place named \"Warwick\" (the places are none)");
}

/* CSV text cells a spreadsheet would run as formulas get a leading '\''
 * (then RFC 4180 quoting as usual); others and numbers stay as they are. */
static void csv_formulas_neutralised(void)
{
    static const struct {
        const char *in, *out;
    } c[] = {{"=1+1", "'=1+1"},
             {"+44 1234", "'+44 1234"},
             {"-2+3", "'-2+3"},
             {"@SUM(A1)", "'@SUM(A1)"},
             {"\tx", "'\tx"},
             {"\rx", "\"'\rx\""},
             {"=A1,B1", "\"'=A1,B1\""},
             {"a=1", "a=1"},
             {"", ""},
             {"'quoted", "'quoted"}};
    pc_buf b = PC_BUF_INIT(1024);

    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        pc_buf_reset(&b);
        CHECK(pc_buf_csv_text(&b, c[i].in) == PC_OK);
        CHECK_STR(pc_buf_str(&b), c[i].out);
    }
    pc_buf_reset(&b);
    CHECK(pc_buf_csv(&b, "-5.12") == PC_OK); /* a number cell */
    CHECK_STR(pc_buf_str(&b), "-5.12");
    pc_buf_free(&b);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"error_wrap", error_wrap},
        {"error_wrap_truncates", error_wrap_truncates},
        {"buf_grows_and_caps", buf_grows_and_caps},
        {"arrays_grow", arrays_grow},
        {"numbers_fixed", numbers_fixed},
        {"money_one_formatter", money_one_formatter},
        {"cells_cut_with_ellipsis", cells_cut_with_ellipsis},
        {"arena_index_strlist", arena_index_strlist},
        {"index_upsert_reserve", index_upsert_reserve},
        {"groups_keep_order", groups_keep_order},
        {"hash_values", hash_values},
        {"utf8_decoder", utf8_decoder},
        {"utf8_repaired", utf8_repaired},
        {"names_typed", names_typed},
        {"json_parse_errors", json_parse_errors},
        {"json_reader_paths", json_reader_paths},
        {"json_reader_keys_bounds", json_reader_keys_bounds},
        {"json_reader_modes", json_reader_modes},
        {"csv_formulas_neutralised", csv_formulas_neutralised},
        {NULL, NULL}};
    return check_run(cases, argc, argv);
}
