/* test_csv.c: the RFC 4180 reader and the field parsers. */
#include "check.h"
#include "ds_csv.h"
#include "ds_util.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_index.h"
#include "pc_text.h"

static ds_csv *parse(const char *s, pc_error *err)
{
    ds_csv *c = NULL;

    if (ds_csv_parse(s, strlen(s), &c, err) != PC_OK)
        return NULL;
    return c;
}

static void basic_quoted_crlf_bom(void)
{
    pc_error err = {0};
    ds_csv *c = parse("\xEF\xBB\xBF"
                      "a,b,c\r\n1,\"x, \"\"y\"\"\",\r\n\"multi\nline\",2,3\n\n",
                      &err);

    CHECK(c != NULL);
    if (!c)
        return;
    CHECK(c->ncols == 3 && c->nrows == 2);
    CHECK_STR(c->header[0], "a"); /* BOM skipped */
    CHECK_STR(c->rows[0][1], "x, \"y\"");
    CHECK_STR(c->rows[0][2], "");
    CHECK_STR(c->rows[1][0], "multi\nline");
    CHECK(c->line[0] == 2 && c->line[1] == 3);
    CHECK(ds_csv_col(c, "c") == 2 && ds_csv_col(c, "d") == -1);
    ds_csv_free(c);
}

static void no_final_newline(void)
{
    pc_error err = {0};
    ds_csv *c = parse("a,b\n1,2", &err);

    CHECK(c && c->nrows == 1);
    if (c)
        CHECK_STR(c->rows[0][1], "2");
    ds_csv_free(c);
}

static void errors_name_the_line(void)
{
    pc_error err = {0};

    CHECK(!parse("a,b\n1,2\n3\n", &err));
    CHECK_HAS(err.msg, "row 3: 1 fields (expected 2");
    CHECK(!parse("a,b\n1,\"open\n", &err));
    CHECK_HAS(err.msg, "line 2: quoted field is not closed");
    CHECK(!parse("a,b\n1,x\"y\n", &err));
    CHECK_HAS(err.msg, "line 2: quote inside an unquoted field");
    CHECK(!parse("a,b\n1,\"x\"y\n", &err));
    CHECK_HAS(err.msg, "text after a closing quote");
    CHECK(!parse("a,a\n1,2\n", &err));
    CHECK_HAS(err.msg, "appears twice");
    CHECK(!parse("", &err));
    CHECK_HAS(err.msg, "empty");
    CHECK(!parse("a,b\n1,\xC3\x28\n", &err));
    CHECK_HAS(err.msg, "line 2");
    CHECK_HAS(err.msg, "UTF-8");
}

static void utf8(void)
{
    pc_error err = {0};

    CHECK(pc_utf8_check("caf\xC3\xA9 \xE2\x82\xAC", 9, &err) == PC_OK);
    CHECK(pc_utf8_check("\xC0\x80", 2, &err) == PC_ERR_INPUT); /* overlong */
    CHECK(pc_utf8_check("\xED\xA0\x80", 3, &err) == PC_ERR_INPUT); /* UTF-16
                                                                      half */
    CHECK(pc_utf8_check("\xE2\x82", 2, &err) == PC_ERR_INPUT);     /* cut */
    CHECK(pc_utf8_check("a\0b", 3, &err) == PC_ERR_INPUT);
}

static void field_parsers(void)
{
    pc_error err = {0};
    long l = 7;
    double d = 7;
    int b = 7;
    static const char *const vals[] = {"a", "b", NULL};

    CHECK(ds_parse_long("42", "n", 0, 100, &l, &err) == PC_OK && l == 42);
    CHECK(ds_parse_long("-5", "n", 0, 100, &l, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "field \"n\"");
    CHECK(l == 42);
    CHECK(ds_parse_long("4,049", "n", 0, 10000, &l, &err) == PC_ERR_INPUT);
    CHECK(ds_parse_long("12.0", "n", 0, 100, &l, &err) == PC_ERR_INPUT);
    CHECK(ds_parse_double("1.5e3", "x", 0, 1e4, &d, &err) == PC_OK &&
          d == 1500);
    CHECK(ds_parse_double("0x10", "x", 0, 1e4, &d, &err) == PC_ERR_INPUT);
    CHECK(ds_parse_double("nan", "x", 0, 1e4, &d, &err) == PC_ERR_INPUT);
    CHECK(ds_parse_double("", "x", 0, 1e4, &d, &err) == PC_ERR_INPUT);
    CHECK(ds_parse_double("£5", "x", 0, 1e4, &d, &err) == PC_ERR_INPUT);
    CHECK(ds_parse_enum("b", "e", vals, &err) == PC_OK);
    CHECK(ds_parse_enum("c", "e", vals, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "expected one of: a, b");
    CHECK(ds_parse_bool("yes", "f", &b, &err) == PC_OK && b == 1);
    CHECK(ds_parse_bool("", "f", &b, &err) == PC_OK && b == 0);
    CHECK(ds_parse_bool("maybe", "f", &b, &err) == PC_ERR_INPUT);
    CHECK(ds_parse_date("2024-02-29", "d", &err) == PC_OK);
    CHECK(ds_parse_date("2023-02-29", "d", &err) == PC_ERR_INPUT);
    CHECK(ds_parse_date("2023-13-01", "d", &err) == PC_ERR_INPUT);
    CHECK(ds_parse_date("01/04/2026", "d", &err) == PC_ERR_INPUT);
    CHECK(ds_parse_id("M84001", "id", &err) == PC_OK);
    CHECK(ds_parse_id(" M84001", "id", &err) == PC_ERR_INPUT);
    CHECK(ds_parse_id("", "id", &err) == PC_ERR_INPUT);
    CHECK(ds_parse_id("a;b", "id", &err) == PC_ERR_INPUT);
}

static void index_and_arena(void)
{
    pc_index ix = {0};
    pc_arena *a = pc_arena_new();
    char key[32];
    size_t v = 0, old = 0;

    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        CHECK(pc_index_put(&ix, pc_arena_strdup(a, key), (size_t)i, NULL) == 1);
    }
    CHECK(pc_index_put(&ix, "k17", 99, &old) == 0 && old == 17);
    CHECK(pc_index_get(&ix, "k4999", &v) == 1 && v == 4999);
    CHECK(pc_index_get(&ix, "k5000", &v) == 0);
    pc_index_free(&ix);
    pc_arena_free(a);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"basic_quoted_crlf_bom", basic_quoted_crlf_bom},
        {"no_final_newline", no_final_newline},
        {"errors_name_the_line", errors_name_the_line},
        {"utf8", utf8},
        {"field_parsers", field_parsers},
        {"index_and_arena", index_and_arena},
        {NULL, NULL}};
    return check_run(cases, argc, argv);
}
