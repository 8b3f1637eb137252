/* test_base.c: the error type and string buffer of pc_base. */
#include "check.h"
#include "pc_error.h"

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

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"error_wrap", error_wrap},
        {"error_wrap_truncates", error_wrap_truncates},
        {"buf_grows_and_caps", buf_grows_and_caps},
        {"numbers_fixed", numbers_fixed},
        {NULL, NULL}};
    return check_run(cases, argc, argv);
}
