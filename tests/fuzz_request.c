/* fuzz_request.c: a site assessment asked for over HTTP (STYLE.md §12),
 * the server's most exposed input: the bytes as the JSON object of a POST
 * to /api/v1/assess (a query string reads into the same object of
 * strings) through plan_assess_req_read(), and, when it reads, through
 * the assessment itself (plan_model_assess, with the request's scenario
 * keys merged over the stored scenario as the server does) and its JSON
 * and text views; the bytes also as the text of the request options
 * parsed outside scenarios (plan_request_detail, _date, _warn_years).
 * The store is made once, by the library's init, from the Rugby fixture
 * found through $PC_SOURCE_DIR (ctest sets it) or else relative to the
 * current directory, in a temporary folder removed at exit. */
#include "fuzz_files.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_assess.h"
#include "plan_model.h"
#include "plan_request.h"
#include "plan_scenario.h"

#include <cjson/cJSON.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static plan_model *model; /* one store for the whole run */
static char dir[64], db[96];

static void cleanup(void)
{
    plan_model_close(model);
    unlink(db);
    rmdir(dir);
}

static void setup(void)
{
    char data[4096];
    pc_error err = {0};
    plan_import im;

    fuzz_src("tests/data/fixture", data, sizeof data);
    snprintf(dir, sizeof dir, "/tmp/fuzz_request-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("fuzz_request: mkdtemp");
        abort();
    }
    snprintf(db, sizeof db, "%s/store.db", dir);
    atexit(cleanup);
    if (plan_model_import(db, data, &im, &err) != PC_OK) {
        fprintf(stderr, "fuzz_request: %s\n", err.msg);
        abort();
    }
    plan_import_free(&im);
    if (plan_model_open_readonly(db, &model, &err) != PC_OK) {
        fprintf(stderr, "fuzz_request: %s\n", err.msg);
        abort();
    }
}

/* The assessment q asks for, and its views; an error is a fine answer. */
static void assess(const plan_assess_req *q)
{
    pc_error err = {0};
    plan_scenario *sc = plan_scenario_new();
    plan_assessment *a = NULL;
    pc_buf out = PC_BUF_INIT(PC_CAP_DOC);

    if (sc && (!q->over || plan_scenario_merge(sc, q->over, &err) == PC_OK) &&
        plan_model_assess(model, sc, &q->dev, &q->opts, &a, &err) == PC_OK) {
        (void)plan_assessment_json(a, &out, &err);
        pc_buf_reset(&out);
        (void)plan_assessment_table(a, &out, &err);
    }
    pc_buf_free(&out);
    plan_assessment_free(a);
    plan_scenario_free(sc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    pc_error err = {0};
    plan_detail detail;
    plan_assess_req q;
    int years;
    cJSON *obj;

    if (!model)
        setup();
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* an error result is fine; a crash, leak or UB report is a bug */
    (void)plan_request_detail(text, &detail, &err);
    (void)plan_request_date(text, &err);
    (void)plan_request_warn_years(text, &years, &err);
    obj = cJSON_ParseWithLength(text, size);
    free(text);
    if (!obj)
        return 0;
    if (plan_assess_req_read(plan_model_geo(model), plan_model_store(model),
                             obj, &q, &err) == PC_OK)
        assess(&q);
    plan_assess_req_free(&q);
    cJSON_Delete(obj);
    return 0;
}
