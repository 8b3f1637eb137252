/* rpt_letter.c: the ICB's consultation response to a planning application,
 * written from a site assessment (see rpt_letter.h).
 *
 * Two passes. read_letter() checks every key the letter uses and copies
 * the values into a `letter` (strings stay borrowed from the cJSON tree),
 * so that a bad document fails before anything is written and the writer
 * never meets a missing or mistyped value. write_letter() then writes the
 * letter once, through a small document writer (`doc`) that emits either
 * Markdown or HTML for the same calls: headings, paragraphs, lists, notes
 * and tables. All text goes through doc_txt(), which escapes it for the
 * format, so markup only ever comes from the writer itself. */
#include "rpt_letter.h"
#include "rpt_read.h"

#include "ds_util.h"

#include "rpt_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA "pcplan-site-assessment/1"
#define MINUS  "\xe2\x88\x92" /* U+2212, for rooms short */

/* ------------------------------------------------------------------ */
/* The assessment, checked                                             */
/* ------------------------------------------------------------------ */

typedef struct practice {
    const char *code, *name;
    const char *pcn, *place; /* NULL when unknown */
    const char *status;      /* "spare", "full" or "short" */
    double share, distance_m, new_patients, list, rooms, required_rooms,
        spare_rooms, rooms_needed, spare_used, rooms_net;
    int has_distance;
    int rooms_illustrative;
} practice;

typedef struct letter {
    const char *dataset, *title, *as_of, *preset, *scenario;
    char date[48]; /* as_of, "1 April 2026" */
    /* site */
    const char *site_id, *site_name, *lad_name, *place, *planning_status;
    double lon, lat, area_ha;
    int has_lonlat, has_area;
    /* residents and patients */
    double dwellings, ppd, residents, new_patients;
    double mix[6]; /* percent by bedrooms, [1]..[5] */
    int has_mix[6], any_mix;
    /* capacity */
    const char *method, *method_note, *allocation, *allocation_note;
    const cJSON *rooms_counted; /* array of strings */
    int use_spare;
    practice *pr; /* owned */
    size_t npr;
    double gross, spare_used, net, m2;
    const char *m2_basis;
    /* cost */
    double base_gbp, index_ratio, today_gbp, fees, contingency, all_in_gbp;
    const char *index_basis, *cost_source;
    char base_date[48];
    /* the ask */
    int form_capital, form_land;
    double land_ha, gbp, per_dwelling;
    int has_land;
    const char *no_ask_reason;
    int ask_capital, ask_land, ask;
    pc_buf triggers; /* owned: the payment triggers in words */
    double spend_years;
    int has_suggested;
    /* appendices */
    const cJSON *trace, *illustrative, *warnings;
} letter;

static pc_status rd_date(rd *r, const char *key, char *out, size_t n)
{
    const char *s = NULL;
    pc_status rc = rd_str(r, key, REQ, &s);

    if (rc == PC_OK && rpt_fmt_date(out, n, s) != 0)
        return PC_FAIL(r->err, PC_ERR_INPUT,
                       "%s: key \"%s%s\": expected a date "
                       "YYYY-MM-DD, got \"%.40s\"",
                       r->what, r->pre, key, s);
    return rc;
}

/* Payment triggers "PCT%@EVENT;..." (EVENT: commencement, occupation:N,
 * date:YYYY-MM-DD) in words: "50% on commencement of development; 50% on
 * occupation of the 2,000th dwelling". */
static pc_status triggers_in_words(const char *spec, pc_buf *out, pc_error *err)
{
    const char *p = spec;
    pc_status rc = PC_OK;
    int n = 0;

    while (rc == PC_OK) {
        const char *part = p, *ev, *end = strchr(p, ';');
        size_t plen, nd = 0, pct_len;
        char words[96];

        if (!end)
            end = p + strlen(p);
        plen = (size_t)(end - part);
        while (part[nd] >= '0' && part[nd] <= '9')
            nd++;
        if (nd && part[nd] == '.') {
            size_t k = nd + 1;

            while (part[k] >= '0' && part[k] <= '9')
                k++;
            nd = k > nd + 1 ? k : 0;
        }
        pct_len = nd;
        if (!nd || nd + 2 > plen || part[nd] != '%' || part[nd + 1] != '@')
            goto bad;
        ev = part + nd + 2;
        if ((size_t)(end - ev) == 12 && !strncmp(ev, "commencement", 12)) {
            snprintf(words, sizeof words, "on commencement of development");
        } else if (end - ev > 10 && !strncmp(ev, "occupation:", 11)) {
            long long v = 0;
            const char *q = ev + 11;

            if (q == end || *q == '0')
                goto bad;
            for (; q < end; q++) {
                if (*q < '0' || *q > '9' || v > 100000000)
                    goto bad;
                v = v * 10 + (*q - '0');
            }
            char ord[32];

            rpt_fmt_ordinal(ord, sizeof ord, v);
            snprintf(words, sizeof words, "on occupation of the %s dwelling",
                     ord);
        } else if (end - ev == 15 && !strncmp(ev, "date:", 5)) {
            char iso[11], date[48];

            memcpy(iso, ev + 5, 10);
            iso[10] = '\0';
            if (rpt_fmt_date(date, sizeof date, iso) != 0)
                goto bad;
            snprintf(words, sizeof words, "on %s", date);
        } else {
            goto bad;
        }
        if (n++)
            rc = pc_buf_puts(out, "; ");
        if (rc == PC_OK)
            rc = pc_buf_add(out, part, pct_len);
        if (rc == PC_OK)
            rc = pc_buf_printf(out, "%% %s", words);
        if (!*end)
            break;
        p = end + 1;
    }
    if (rc != PC_OK)
        return PC_FAIL(err, rc, "site assessment: out of memory");
    return PC_OK;

bad:
    return PC_FAIL(err, PC_ERR_INPUT,
                   "site assessment: key \"suggested.triggers\": expected "
                   "PCT%%@EVENT joined by ';' (EVENT commencement, "
                   "occupation:N or date:YYYY-MM-DD), got \"%.80s\"",
                   spec);
}

static pc_status read_practice(const rd *parent, const cJSON *o, int i,
                               practice *p)
{
    rd r;
    pc_status rc;

    if (!cJSON_IsObject(o))
        return PC_FAIL(parent->err, PC_ERR_INPUT,
                       "site assessment: key \"practices[%d]\": expected an "
                       "object, got %s",
                       i, ds_json_type(o));
    rd_sub(&r, parent, o, "practices", i);
    if ((rc = rd_str(&r, "code", REQ, &p->code)) ||
        (rc = rd_str(&r, "name", REQ, &p->name)) ||
        (rc = rd_str(&r, "pcn", OPT, &p->pcn)) ||
        (rc = rd_str(&r, "place", OPT, &p->place)) ||
        (rc = rd_num(&r, "share", REQ, &p->share, NULL)) ||
        (rc =
             rd_num(&r, "distance_m", OPT, &p->distance_m, &p->has_distance)) ||
        (rc = rd_nonneg(&r, "new_patients", &p->new_patients)) ||
        (rc = rd_nonneg(&r, "list", &p->list)) ||
        (rc = rd_nonneg(&r, "rooms", &p->rooms)) ||
        (rc = rd_nonneg(&r, "required_rooms", &p->required_rooms)) ||
        (rc = rd_num(&r, "spare_rooms", REQ, &p->spare_rooms, NULL)) ||
        (rc = rd_str(&r, "status", REQ, &p->status)) ||
        (rc = rd_nonneg(&r, "rooms_needed", &p->rooms_needed)) ||
        (rc = rd_nonneg(&r, "spare_used", &p->spare_used)) ||
        (rc = rd_num(&r, "rooms_net", REQ, &p->rooms_net, NULL)) ||
        (rc = rd_bool(&r, "rooms_illustrative", OPT, &p->rooms_illustrative)))
        return rc;
    if (strcmp(p->status, "spare") && strcmp(p->status, "full") &&
        strcmp(p->status, "short"))
        return PC_FAIL(r.err, PC_ERR_INPUT,
                       "site assessment: key \"%sstatus\": expected "
                       "\"spare\", \"full\" or \"short\", got \"%.40s\"",
                       r.pre, p->status);
    return PC_OK;
}

static pc_status read_trace(const rd *parent, const cJSON *trace)
{
    const cJSON *t;
    int i = 0;

    cJSON_ArrayForEach(t, trace)
    {
        rd r;
        const char *s;
        const cJSON *a;
        double v;
        pc_status rc;

        if (!cJSON_IsObject(t))
            return PC_FAIL(parent->err, PC_ERR_INPUT,
                           "site assessment: key \"trace[%d]\": expected an "
                           "object, got %s",
                           i, ds_json_type(t));
        rd_sub(&r, parent, t, "trace", i);
        if ((rc = rd_str(&r, "step", REQ, &s)) ||
            (rc = rd_num(&r, "value", OPT, &v, NULL)) ||
            (rc = rd_str(&r, "unit", OPT, &s)) ||
            (rc = rd_str(&r, "formula", OPT, &s)) ||
            (rc = rd_arr(&r, "assumptions", OPT, 1, &a)) ||
            (rc = rd_arr(&r, "data", OPT, 1, &a)))
            return rc;
        i++;
    }
    return PC_OK;
}

/* The source of the build cost, from the assumption register if there. */
static pc_status read_cost_source(rd *top, letter *L)
{
    const cJSON *arr, *a;
    int i = 0;
    pc_status rc = rd_arr(top, "assumptions", OPT, 0, &arr);

    if (rc || !arr)
        return rc;
    cJSON_ArrayForEach(a, arr)
    {
        rd r;
        const char *id = NULL, *src = NULL;

        if (!cJSON_IsObject(a))
            return PC_FAIL(top->err, PC_ERR_INPUT,
                           "site assessment: key \"assumptions[%d]\": "
                           "expected an object, got %s",
                           i, ds_json_type(a));
        rd_sub(&r, top, a, "assumptions", i);
        if ((rc = rd_str(&r, "id", OPT, &id)) ||
            (rc = rd_str(&r, "source", OPT, &src)))
            return rc;
        if (id && src && *src && !strcmp(id, "build_cost_gbp_per_m2"))
            L->cost_source = src;
        i++;
    }
    return PC_OK;
}

static pc_status read_letter(const cJSON *j, letter *L, pc_error *err)
{
    rd top = {j, "", "site assessment", err}, r;
    const cJSON *site, *mix, *prs, *cost, *sug, *p;
    const char *s = NULL;
    pc_status rc;
    int i;

    if (!cJSON_IsObject(j))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "site assessment: expected a JSON object, got %s",
                       ds_json_type(j));
    if ((rc = rd_str(&top, "assessment", REQ, &s)))
        return rc;
    if (strcmp(s, SCHEMA))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "site assessment: key \"assessment\": expected \"%s\", "
                       "got \"%.60s\"",
                       SCHEMA, s);
    if ((rc = rd_str(&top, "dataset", OPT, &L->dataset)) ||
        (rc = rd_str(&top, "dataset_title", REQ, &L->title)) ||
        (rc = rd_date(&top, "as_of", L->date, sizeof L->date)) ||
        (rc = rd_str(&top, "as_of", REQ, &L->as_of)) ||
        (rc = rd_str(&top, "preset", OPT, &L->preset)) ||
        (rc = rd_str(&top, "scenario", OPT, &L->scenario)) ||
        (rc = rd_obj(&top, "site", REQ, &site)))
        return rc;

    rd_sub(&r, &top, site, "site", -1);
    {
        int has_lon = 0, has_lat = 0;

        if ((rc = rd_str(&r, "site_id", OPT, &L->site_id)) ||
            (rc = rd_str(&r, "name", OPT, &L->site_name)) ||
            (rc = rd_str(&r, "source", OPT, &s)) ||
            (rc = rd_num(&r, "lon", OPT, &L->lon, &has_lon)) ||
            (rc = rd_num(&r, "lat", OPT, &L->lat, &has_lat)) ||
            (rc = rd_num(&r, "area_ha", OPT, &L->area_ha, &L->has_area)) ||
            (rc = rd_str(&r, "lad_code", OPT, &s)) ||
            (rc = rd_str(&r, "lad_name", OPT, &L->lad_name)) ||
            (rc = rd_str(&r, "place", OPT, &L->place)) ||
            (rc = rd_str(&r, "planning_status", OPT, &L->planning_status)))
            return rc;
        L->has_lonlat = has_lon && has_lat;
    }

    if ((rc = rd_nonneg(&top, "dwellings", &L->dwellings)))
        return rc;
    if (L->dwellings < 1)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "site assessment: key \"dwellings\": expected a number "
                       ">= 1, got %g",
                       L->dwellings);
    if ((rc = rd_obj(&top, "mix", OPT, &mix)))
        return rc;
    if (mix) {
        rd_sub(&r, &top, mix, "mix", -1);
        for (i = 1; i <= 5; i++) {
            char key[2] = {(char)('0' + i), 0};

            if ((rc = rd_num(&r, key, OPT, &L->mix[i], &L->has_mix[i])))
                return rc;
            if (L->has_mix[i] && L->mix[i] > 0)
                L->any_mix = 1;
        }
    }
    if ((rc = rd_nonneg(&top, "persons_per_dwelling", &L->ppd)) ||
        (rc = rd_nonneg(&top, "residents", &L->residents)) ||
        (rc = rd_nonneg(&top, "new_patients", &L->new_patients)) ||
        (rc = rd_str(&top, "method", REQ, &L->method)) ||
        (rc = rd_str(&top, "method_note", OPT, &L->method_note)) ||
        (rc = rd_arr(&top, "rooms_counted", REQ, 1, &L->rooms_counted)) ||
        (rc = rd_str(&top, "allocation", REQ, &L->allocation)) ||
        (rc = rd_str(&top, "allocation_note", OPT, &L->allocation_note)) ||
        (rc = rd_bool(&top, "use_spare_capacity", REQ, &L->use_spare)) ||
        (rc = rd_arr(&top, "practices", REQ, 0, &prs)))
        return rc;

    L->npr = (size_t)cJSON_GetArraySize(prs);
    if (!L->npr)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "site assessment: key \"practices\": expected at least "
                       "one practice, got an empty array");
    L->pr = calloc(L->npr, sizeof *L->pr);
    if (!L->pr)
        return PC_FAIL(err, PC_ERR_NOMEM, "site assessment: out of memory");
    i = 0;
    cJSON_ArrayForEach(p, prs)
    {
        if ((rc = read_practice(&top, p, i, &L->pr[i])))
            return rc;
        i++;
    }

    if ((rc = rd_nonneg(&top, "rooms_needed_gross", &L->gross)) ||
        (rc = rd_nonneg(&top, "spare_used", &L->spare_used)) ||
        (rc = rd_num(&top, "rooms_needed_net", REQ, &L->net, NULL)) ||
        (rc = rd_nonneg(&top, "m2", &L->m2)) ||
        (rc = rd_str(&top, "m2_basis", OPT, &L->m2_basis)) ||
        (rc = rd_obj(&top, "cost", REQ, &cost)))
        return rc;

    rd_sub(&r, &top, cost, "cost", -1);
    if ((rc = rd_nonneg(&r, "base_gbp_per_m2", &L->base_gbp)) ||
        (rc = rd_date(&r, "base_date", L->base_date, sizeof L->base_date)) ||
        (rc = rd_nonneg(&r, "index_ratio", &L->index_ratio)) ||
        (rc = rd_str(&r, "index_basis", OPT, &L->index_basis)) ||
        (rc = rd_nonneg(&r, "today_gbp_per_m2", &L->today_gbp)) ||
        (rc = rd_nonneg(&r, "fees", &L->fees)) ||
        (rc = rd_nonneg(&r, "contingency", &L->contingency)) ||
        (rc = rd_nonneg(&r, "all_in_gbp_per_m2", &L->all_in_gbp)))
        return rc;

    if ((rc = rd_str(&top, "form", REQ, &s)))
        return rc;
    if (!strcmp(s, "capital")) {
        L->form_capital = 1;
    } else if (!strcmp(s, "land")) {
        L->form_land = 1;
    } else if (!strcmp(s, "land_and_capital")) {
        L->form_capital = L->form_land = 1;
    } else {
        return PC_FAIL(err, PC_ERR_INPUT,
                       "site assessment: key \"form\": expected \"capital\", "
                       "\"land\" or \"land_and_capital\", got \"%.40s\"",
                       s);
    }
    if ((rc = rd_num(&top, "land_ha", OPT, &L->land_ha, &L->has_land)) ||
        (rc = rd_nonneg(&top, "contribution_gbp", &L->gbp)) ||
        (rc = rd_nonneg(&top, "per_dwelling_gbp", &L->per_dwelling)) ||
        (rc = rd_str(&top, "no_ask_reason", OPT, &L->no_ask_reason)))
        return rc;
    if (L->no_ask_reason && !*L->no_ask_reason)
        L->no_ask_reason = NULL;
    if (L->form_land && !L->has_land && !L->no_ask_reason)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "site assessment: key \"land_ha\": missing (expected a "
                       "number when form is \"%s\")",
                       s);
    /* A reason not to ask wins over any figure: the letter then asks for
     * nothing. */
    L->ask_capital = !L->no_ask_reason && L->form_capital && L->gbp > 0;
    L->ask_land = !L->no_ask_reason && L->form_land && L->land_ha > 0;
    L->ask = L->ask_capital || L->ask_land;

    if ((rc = rd_obj(&top, "suggested", OPT, &sug)))
        return rc;
    if (!sug && L->ask)
        return rd_bad(&top, "suggested",
                      "an object with the payment triggers and spend period",
                      cJSON_GetObjectItemCaseSensitive(j, "suggested"));
    if (sug) {
        const char *trig = NULL;

        rd_sub(&r, &top, sug, "suggested", -1);
        if ((rc = rd_str(&r, "triggers", L->ask ? REQ : OPT, &trig)) ||
            (rc = rd_num(&r, "spend_period_years", L->ask ? REQ : OPT,
                         &L->spend_years, &L->has_suggested)))
            return rc;
        if (trig && L->ask && (rc = triggers_in_words(trig, &L->triggers, err)))
            return rc;
    }

    if ((rc = rd_arr(&top, "trace", REQ, 0, &L->trace)) ||
        (rc = read_trace(&top, L->trace)) || (rc = read_cost_source(&top, L)) ||
        (rc = rd_arr(&top, "illustrative", REQ, 1, &L->illustrative)) ||
        (rc = rd_arr(&top, "warnings", OPT, 1, &L->warnings)))
        return rc;
    return PC_OK;
}

/* ------------------------------------------------------------------ */
/* The document writer: one set of calls, Markdown or HTML             */
/* ------------------------------------------------------------------ */

#define RING 16 /* formatted numbers alive at once in one call */
#define TOP  5  /* practices named in test (b); the rest are counted */

typedef struct doc {
    rpt_format fmt;
    pc_buf *out;
    pc_status rc;      /* first failure; later writes do nothing */
    const char *pre;   /* Markdown line prefix: "> " inside a note */
    int sep;           /* Markdown: a blank line is due before a block */
    int bol;           /* Markdown: the next text opens a block */
    const char *align; /* current table: 'l' or 'r' per column */
    int col;
    char ring[RING][96]; /* formatted numbers, reused in turn */
    unsigned ri;
} doc;

static int md(const doc *d)
{
    return d->fmt == RPT_MARKDOWN;
}

static void put(doc *d, const char *s)
{
    if (d->rc == PC_OK)
        d->rc = pc_buf_puts(d->out, s);
}

static void txt(doc *d, const char *s)
{
    if (d->rc != PC_OK || !s || !*s)
        return;
    if (md(d))
        d->rc = rpt_md_esc(d->out, s, d->bol);
    else
        d->rc = rpt_html_esc(d->out, s);
    d->bol = 0;
}

static void vtxtf(doc *d, const char *fmt, va_list ap) PC_PRINTF(2, 0);
static void txtf(doc *d, const char *fmt, ...) PC_PRINTF(2, 3);

static void vtxtf(doc *d, const char *fmt, va_list ap)
{
    char small[1024];
    char *big;
    va_list cp;
    int n;

    if (d->rc != PC_OK)
        return;
    va_copy(cp, ap);
    n = vsnprintf(small, sizeof small, fmt, cp);
    va_end(cp);
    if (n < 0) {
        d->rc = PC_ERR_INTERNAL;
        return;
    }
    if ((size_t)n < sizeof small) {
        txt(d, small);
        return;
    }
    big = malloc((size_t)n + 1);
    if (!big) {
        d->rc = PC_ERR_NOMEM;
        return;
    }
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    txt(d, big);
    free(big);
}

static void txtf(doc *d, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vtxtf(d, fmt, ap);
    va_end(ap);
}

static char *ring_next(doc *d)
{
    return d->ring[d->ri++ % RING];
}

static const char *fnum(doc *d, double v, int prec)
{
    char *s = ring_next(d);

    rpt_fmt_num(s, sizeof d->ring[0], v, prec);
    return s;
}

static const char *ftrim(doc *d, double v, int maxprec)
{
    char *s = ring_next(d);

    rpt_fmt_trim(s, sizeof d->ring[0], v, maxprec);
    return s;
}

static const char *fgbp(doc *d, double v, int pence)
{
    char *s = ring_next(d);

    rpt_fmt_gbp(s, sizeof d->ring[0], v, pence);
    return s;
}

static const char *fpct(doc *d, double frac, int maxprec)
{
    char *s = ring_next(d);

    rpt_fmt_pct(s, sizeof d->ring[0], frac, maxprec);
    return s;
}

/* rooms with a sign: "+0.03", "−1.20" (U+2212), "0.00" */
static const char *fsigned(doc *d, double v)
{
    char *s = ring_next(d);
    char num[80];

    rpt_fmt_num(num, sizeof num, fabs(v), 2);
    if (!strcmp(num, "0.00"))
        snprintf(s, sizeof d->ring[0], "%s", num);
    else
        snprintf(s, sizeof d->ring[0], "%s%s", v < 0 ? MINUS : "+", num);
    return s;
}

/* Markdown: starts a block, with the blank line that separates it from
 * the one before (kept inside a note). */
static void block(doc *d)
{
    if (md(d) && d->sep)
        put(d, d->pre[0] ? ">\n" : "\n");
    d->sep = 0;
    d->bol = 1;
}

/* Markdown: starts a line of the current block */
static void line(doc *d)
{
    if (md(d))
        put(d, d->pre);
}

static void block_end(doc *d)
{
    if (md(d)) {
        put(d, "\n");
        d->sep = 1;
    }
    d->bol = 0;
}

static void heading(doc *d, int level, const char *fmt, ...) PC_PRINTF(3, 4);

static void heading(doc *d, int level, const char *fmt, ...)
{
    static const char *const hashes[] = {"", "# ", "## ", "### "};
    static const char *const open[] = {"", "<h1>", "<h2>", "<h3>"};
    static const char *const close[] = {"", "</h1>\n", "</h2>\n", "</h3>\n"};
    va_list ap;

    block(d);
    line(d);
    put(d, md(d) ? hashes[level] : open[level]);
    d->bol = 0;
    va_start(ap, fmt);
    vtxtf(d, fmt, ap);
    va_end(ap);
    if (!md(d))
        put(d, close[level]);
    block_end(d);
}

static void p_begin(doc *d, const char *cls)
{
    block(d);
    line(d);
    if (!md(d)) {
        put(d, "<p");
        if (cls) {
            put(d, " class=\"");
            put(d, cls);
            put(d, "\"");
        }
        put(d, ">");
    }
}

static void p_end(doc *d)
{
    if (!md(d))
        put(d, "</p>\n");
    block_end(d);
}

static void para(doc *d, const char *fmt, ...) PC_PRINTF(2, 3);

static void para(doc *d, const char *fmt, ...)
{
    va_list ap;

    p_begin(d, NULL);
    va_start(ap, fmt);
    vtxtf(d, fmt, ap);
    va_end(ap);
    p_end(d);
}

static void b_begin(doc *d)
{
    put(d, md(d) ? "**" : "<strong>");
}

static void b_end(doc *d)
{
    put(d, md(d) ? "**" : "</strong>");
}

/* bold text: a label such as "Date:" */
static void bold(doc *d, const char *s)
{
    int bol = d->bol;

    b_begin(d);
    d->bol = bol;
    txt(d, s);
    b_end(d);
}

static void ul_begin(doc *d, const char *cls)
{
    block(d);
    if (!md(d)) {
        put(d, "<ul");
        if (cls) {
            put(d, " class=\"");
            put(d, cls);
            put(d, "\"");
        }
        put(d, ">\n");
    }
}

static void li_begin(doc *d)
{
    if (md(d)) {
        line(d);
        put(d, "- ");
    } else {
        put(d, "<li>");
    }
    d->bol = 1;
}

static void li_end(doc *d)
{
    put(d, md(d) ? "\n" : "</li>\n");
    d->bol = 0;
}

static void ul_end(doc *d)
{
    if (md(d)) {
        d->sep = 1;
    } else {
        put(d, "</ul>\n");
    }
}

static void li(doc *d, const char *fmt, ...) PC_PRINTF(2, 3);

static void li(doc *d, const char *fmt, ...)
{
    va_list ap;

    li_begin(d);
    va_start(ap, fmt);
    vtxtf(d, fmt, ap);
    va_end(ap);
    li_end(d);
}

/* A boxed note (HTML) or block quote (Markdown). */
static void note_begin(doc *d, const char *cls)
{
    block(d);
    if (md(d)) {
        d->pre = "> "; /* on every line of the note */
    } else {
        put(d, "<div class=\"");
        put(d, cls);
        put(d, "\">\n");
    }
}

static void note_end(doc *d)
{
    if (md(d)) {
        d->pre = "";
        d->sep = 1;
    } else {
        put(d, "</div>\n");
    }
}

/* heads[ncols]; align: 'l' or 'r' per column */
static void table_begin(doc *d, const char *const *heads, const char *align)
{
    size_t n = strlen(align);

    block(d);
    d->align = align;
    d->col = 0;
    if (md(d)) {
        line(d);
        put(d, "|");
        for (size_t i = 0; i < n; i++) {
            put(d, " ");
            txt(d, heads[i]);
            put(d, " |");
        }
        put(d, "\n");
        line(d);
        put(d, "|");
        for (size_t i = 0; i < n; i++)
            put(d, align[i] == 'r' ? "---:|" : "---|");
        put(d, "\n");
    } else {
        put(d, "<table>\n<thead>\n<tr>");
        for (size_t i = 0; i < n; i++) {
            put(d, align[i] == 'r' ? "<th class=\"n\">" : "<th>");
            txt(d, heads[i]);
            put(d, "</th>");
        }
        put(d, "</tr>\n</thead>\n<tbody>\n");
    }
}

static void tr_begin(doc *d, const char *cls)
{
    d->col = 0;
    if (md(d)) {
        line(d);
        put(d, "|");
    } else if (cls) {
        put(d, "<tr class=\"");
        put(d, cls);
        put(d, "\">");
    } else {
        put(d, "<tr>");
    }
}

static void td_begin(doc *d)
{
    int right = d->align && d->align[d->col] == 'r';

    if (md(d))
        put(d, " ");
    else
        put(d, right ? "<td class=\"n\">" : "<td>");
    d->bol = 0;
}

static void td_end(doc *d)
{
    put(d, md(d) ? " |" : "</td>");
    if (d->align && d->align[d->col])
        d->col++;
}

static void td(doc *d, const char *fmt, ...) PC_PRINTF(2, 3);

static void td(doc *d, const char *fmt, ...)
{
    va_list ap;

    td_begin(d);
    va_start(ap, fmt);
    vtxtf(d, fmt, ap);
    va_end(ap);
    td_end(d);
}

/* a bold cell, for totals */
static void tdb(doc *d, const char *s)
{
    td_begin(d);
    if (*s)
        bold(d, s);
    td_end(d);
}

static void tr_end(doc *d)
{
    put(d, md(d) ? "\n" : "</tr>\n");
}

static void table_end(doc *d)
{
    if (md(d))
        d->sep = 1;
    else
        put(d, "</tbody>\n</table>\n");
    d->align = NULL;
}

/* ------------------------------------------------------------------ */
/* The letter                                                          */
/* ------------------------------------------------------------------ */

static const char css[] =
    "body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;"
    "line-height:1.45;color:#212b32;max-width:52em;margin:2em auto;"
    "padding:0 1em}\n"
    "h1{font-size:1.5em;color:#005eb8;margin:0 0 .6em}\n"
    "h2{font-size:1.2em;color:#005eb8;margin:1.6em 0 .5em;"
    "border-bottom:1px solid #d8dde0;padding-bottom:.15em}\n"
    "h3{font-size:1em;margin:1.2em 0 .3em}\n"
    "ul.facts{list-style:none;padding:0}\n"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.85em}\n"
    "th,td{border:1px solid #d8dde0;padding:.25em .45em;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#f0f4f5}\n"
    ".n{text-align:right}\n"
    "td.n{white-space:nowrap}\n"
    "tr.total td{border-top:2px solid #425563}\n"
    ".note{border-left:5px solid #ffb81c;background:#fff9e6;"
    "padding:.2em 1em;margin:1em 0}\n"
    ".small{font-size:.85em;color:#4c6272}\n"
    "@media print{\n"
    "@page{size:A4;margin:18mm 16mm 20mm}\n"
    "body{max-width:none;margin:0;padding:0;font-size:10pt}\n"
    "h2,h3{page-break-after:avoid;break-after:avoid}\n"
    "table,tr,.note{page-break-inside:avoid;break-inside:avoid}\n"
    "thead{display:table-header-group}\n"
    ".note{background:none}\n"
    "}\n";

/* "NHS Coventry and Warwickshire ICB" from a title that may or may not
 * start with "NHS ". */
static const char *org_prefix(const letter *L)
{
    return strncmp(L->title, "NHS ", 4) ? "NHS " : "";
}

static void write_dev_name(doc *d, const letter *L)
{
    if (L->site_name && *L->site_name)
        txt(d, L->site_name);
    else if (L->has_lonlat)
        txtf(d, "Proposed development at %s,%s", fnum(d, L->lon, 5),
             fnum(d, L->lat, 5));
    else
        txt(d, "The proposed development");
}

/* Does practice i need rooms the development must provide? */
static int needs_rooms(const practice *p)
{
    return p->rooms_net > 0.005;
}

/* How many practices write_practice_names() names. */
static size_t named_count(const letter *L, int only_needing)
{
    size_t i, n = 0;

    for (i = 0; only_needing && i < L->npr; i++)
        n += needs_rooms(&L->pr[i]);
    return n ? n : L->npr;
}

/* The practices (those still needing rooms when only_needing and any do,
 * else all) as "A, B and C". */
static void write_practice_names(doc *d, const letter *L, int only_needing)
{
    size_t n = 0, k = 0, i;

    if (only_needing) {
        for (i = 0; i < L->npr; i++)
            n += needs_rooms(&L->pr[i]);
        if (!n)
            only_needing = 0;
    }
    if (!only_needing)
        n = L->npr;
    for (i = 0; i < L->npr; i++) {
        if (only_needing && !needs_rooms(&L->pr[i]))
            continue;
        if (k)
            txt(d, k + 1 == n ? " and " : ", ");
        txt(d, L->pr[i].name);
        k++;
    }
}

/* The distinct PCN codes (with places, the places) of those practices,
 * "U1, U2" ("A and B" for places); returns how many. With dry, writes
 * nothing. */
static int write_distinct(doc *d, const letter *L, int only_needing, int places,
                          int dry)
{
    size_t i, j, n = 0, k = 0;
    int pass;

    if (named_count(L, 1) == L->npr)
        only_needing = 0;
    /* pass 0 counts, pass 1 writes */
    for (pass = 0; pass < (dry ? 1 : 2); pass++) {
        for (i = 0; i < L->npr; i++) {
            const practice *p = &L->pr[i];
            const char *v = places ? p->place : p->pcn;
            int seen = 0;

            if (!v || !*v || (only_needing && !needs_rooms(p)))
                continue;
            for (j = 0; j < i && !seen; j++) {
                const char *w = places ? L->pr[j].place : L->pr[j].pcn;

                seen = w && !strcmp(w, v) &&
                       (!only_needing || needs_rooms(&L->pr[j]));
            }
            if (seen)
                continue;
            if (pass == 0) {
                n++;
                continue;
            }
            if (k)
                txt(d, places && k + 1 == n ? " and " : ", ");
            txt(d, v);
            k++;
        }
    }
    return (int)n;
}

static void write_rooms_counted(doc *d, const letter *L)
{
    int n = cJSON_GetArraySize(L->rooms_counted), k = 0;
    const cJSON *e;

    if (!n) {
        txt(d, "all types");
        return;
    }
    cJSON_ArrayForEach(e, L->rooms_counted)
    {
        if (k)
            txt(d, k + 1 == n ? " and " : ", ");
        txt(d, e->valuestring);
        k++;
    }
}

/* Ends a sentence taken from the data with a full stop if it has none. */
static void write_sentence(doc *d, const char *s)
{
    size_t n = strlen(s);

    txt(d, s);
    if (n && !strchr(".!?", s[n - 1]))
        txt(d, ".");
}

static const char *allocation_words(const char *rule)
{
    if (!strcmp(rule, "huff"))
        return "each practice's share is in proportion to its list size and "
               "inversely to a power of the distance from the site to its "
               "nearest premises (a Huff gravity model over the practices "
               "within reach of the site)";
    if (!strcmp(rule, "nearest"))
        return "all go to the practice whose premises are nearest the site "
               "(shared by list size where a building houses several "
               "practices)";
    if (!strcmp(rule, "catchment"))
        return "they are shared among the practices whose registration "
               "catchment covers the site, in proportion to list size and to "
               "the part of the site inside each catchment";
    return NULL;
}

static void write_no_ask_reason(doc *d, const letter *L)
{
    if (L->no_ask_reason)
        write_sentence(d, L->no_ask_reason);
    else if (L->net <= 0.005)
        txt(d, "the practices its residents will register with have the "
               "capacity for the new patients.");
    else
        txt(d, "the assessment sets no contribution for it.");
}

static void write_heading_block(doc *d, const letter *L)
{
    heading(d, 1, "%s%s: response to planning consultation", org_prefix(L),
            L->title);
    ul_begin(d, "facts");
    li_begin(d);
    bold(d, "Date:");
    txtf(d, " %s", L->date);
    li_end(d);
    li_begin(d);
    bold(d, "Development:");
    txt(d, " ");
    write_dev_name(d, L);
    if (L->site_id)
        txtf(d, " (site %s)", L->site_id);
    li_end(d);
    li_begin(d);
    bold(d, "Dwellings:");
    txtf(d, " %s", fnum(d, L->dwellings, 0));
    li_end(d);
    if (L->lad_name) {
        li_begin(d);
        bold(d, "Local planning authority:");
        txtf(d, " %s", L->lad_name);
        li_end(d);
    }
    if (L->place) {
        li_begin(d);
        bold(d, "Place:");
        txtf(d, " %s", L->place);
        li_end(d);
    }
    if (L->planning_status) {
        char st[64];
        size_t i;

        snprintf(st, sizeof st, "%s", L->planning_status);
        for (i = 0; st[i]; i++)
            if (st[i] == '_')
                st[i] = ' ';
        li_begin(d);
        bold(d, "Planning status:");
        txtf(d, " %s", st);
        li_end(d);
    }
    if (L->has_area) {
        li_begin(d);
        bold(d, "Site area:");
        txtf(d, " %s ha", ftrim(d, L->area_ha, 2));
        li_end(d);
    }
    li_begin(d);
    bold(d, "Assessment:");
    txtf(d, " pcplan site assessment of %s", L->date);
    if (L->dataset)
        txtf(d, ", dataset %s", L->dataset);
    if (L->preset)
        txtf(d, ", preset %s", L->preset);
    if (L->scenario)
        txtf(d, ", scenario %s", L->scenario);
    li_end(d);
    ul_end(d);

    if (cJSON_GetArraySize(L->illustrative) > 0) {
        note_begin(d, "note");
        p_begin(d, NULL);
        bold(d, "Draft: not to be sent as it stands.");
        txt(d, " Some figures rest on illustrative values (section 6); "
               "replace them with the ICB's own data before sending.");
        p_end(d);
        note_end(d);
    }
}

static void write_summary(doc *d, const letter *L)
{
    heading(d, 2, "1. Summary");
    p_begin(d, NULL);
    if (!L->ask) {
        txt(d, "No capital contribution is sought from this development ");
        txt(d, L->form_land ? "and no land is sought: " : "for primary care: ");
        write_no_ask_reason(d, L);
        txtf(d, " Its %s new patients are expected to register with ",
             fnum(d, L->new_patients, 0));
        write_practice_names(d, L, 0);
        txt(d, ". The ICB asks to be consulted again if the number or mix of "
               "dwellings changes.");
        p_end(d);
        return;
    }
    txt(d, "The ICB asks for ");
    if (L->ask_land) {
        txtf(d,
             "%s ha of serviced land within the site for a primary care "
             "facility",
             ftrim(d, L->land_ha, 2));
        if (L->ask_capital)
            txt(d, " and ");
    }
    if (L->ask_capital) {
        txtf(d, "a contribution of %s (%s per dwelling)", fgbp(d, L->gbp, 0),
             fgbp(d, L->per_dwelling, -1));
        txt(d, " towards additional primary care capacity at ");
    } else {
        txt(d, ", to provide additional primary care capacity for ");
    }
    if (named_count(L, 1) <= 3)
        write_practice_names(d, L, 1);
    else
        txtf(d, "the %s practices named in section 5",
             fnum(d, (double)named_count(L, 1), 0));
    txtf(d,
         ", to meet the needs of the %s new patients the development's %s "
         "homes will bring.",
         fnum(d, L->new_patients, 0), fnum(d, L->dwellings, 0));
    if (L->net > 0.005) {
        txt(d, L->npr == 1 ? " The practice they will register with does "
                             "not have the room for them: "
                           : " The practices they will register with do not "
                             "have the room for them: ");
        if (L->use_spare && L->spare_used > 0.005)
            txtf(d, "after %s rooms of spare capacity are used, ",
                 fnum(d, L->spare_used, 2));
        txtf(d, "%s rooms (%s m²) are still needed.", fnum(d, L->net, 2),
             ftrim(d, L->m2, 1));
    }
    p_end(d);
}

static void write_impact(doc *d, const letter *L)
{
    const char *rule = allocation_words(L->allocation);
    size_t i;

    heading(d, 2, "2. The development and its new patients");
    p_begin(d, NULL);
    txtf(d,
         "The development's %s dwellings are expected to house %s residents, "
         "at %s persons per dwelling",
         fnum(d, L->dwellings, 0), fnum(d, L->residents, 0),
         fnum(d, L->ppd, 2));
    if (L->any_mix) {
        static const char *const beds[6] = {"",
                                            "one-bedroom",
                                            "two-bedroom",
                                            "three-bedroom",
                                            "four-bedroom",
                                            "five-bedroom or larger"};
        int k = 0;

        txt(d, " from its bedroom mix (");
        for (i = 1; i <= 5; i++) {
            if (!L->has_mix[i] || L->mix[i] <= 0)
                continue;
            txtf(d, "%s%s%% %s", k++ ? ", " : "", ftrim(d, L->mix[i], 1),
                 beds[i]);
        }
        txt(d, ")");
    }
    txt(d, ".");
    if (fabs(L->new_patients - L->residents) < 0.5)
        txtf(d,
             " Each of them is expected to register with a local GP "
             "practice: %s new patients.",
             fnum(d, L->new_patients, 0));
    else
        txtf(d,
             " Of them, %s are expected to register with a local GP practice "
             "as new patients.",
             fnum(d, L->new_patients, 0));
    p_end(d);

    p_begin(d, NULL);
    if (L->npr == 1)
        txtf(d,
             "The ICB expects them to register with the practice below, "
             "by the allocation rule %s",
             L->allocation);
    else
        txtf(d,
             "The ICB expects them to register with the %s practices below, "
             "by the allocation rule %s",
             fnum(d, (double)L->npr, 0), L->allocation);
    if (rule)
        txtf(d, ": %s.", rule);
    else
        txt(d, ".");
    if (L->allocation_note && *L->allocation_note) {
        txt(d, " ");
        write_sentence(d, L->allocation_note);
    }
    p_end(d);

    ul_begin(d, NULL);
    for (i = 0; i < L->npr; i++) {
        const practice *p = &L->pr[i];

        li_begin(d);
        txtf(d, "%s (%s", p->name, p->code);
        if (p->pcn)
            txtf(d, ", PCN %s", p->pcn);
        txtf(d, "): %s of the new patients (%s)", fpct(d, p->share, 1),
             fnum(d, p->new_patients, 0));
        if (p->has_distance)
            txtf(d, "; its nearest premises are %s m from the site",
                 fnum(d, p->distance_m, 0));
        li_end(d);
    }
    ul_end(d);
}

static void write_capacity(doc *d, const letter *L)
{
    static const char *const heads[] = {"Practice",
                                        "Share of new patients",
                                        "New patients",
                                        "List",
                                        "Rooms",
                                        "Rooms required by today's list",
                                        "Spare (+) or short (" MINUS ")",
                                        "Status",
                                        "Rooms the development needs",
                                        "Spare capacity used",
                                        "Rooms still needed"};
    double share = 0, newp = 0, list = 0, rooms = 0, req = 0, spare = 0;
    int any_illus = 0;
    size_t i;

    heading(d, 2, "3. Capacity of the affected practices");
    p_begin(d, NULL);
    txtf(d, "Capacity is assessed by the %s method", L->method);
    if (L->method_note && *L->method_note) {
        txt(d, ": ");
        write_sentence(d, L->method_note);
    } else {
        txt(d, ".");
    }
    txt(d, " A practice's rooms are its patient-facing rooms of the types ");
    write_rooms_counted(d, L);
    txt(d, "; they are compared with the rooms its registered list needs "
           "today by the same method.");
    if (L->use_spare)
        txt(d, " Where a practice has spare rooms, the development's new "
               "patients are assumed to use them first; only the rooms still "
               "needed after that are sought.");
    else
        txt(d, " Spare rooms at the practices are not netted off: every "
               "room the new patients need is counted.");
    p_end(d);

    table_begin(d, heads, "lrrrrrrlrrr");
    for (i = 0; i < L->npr; i++) {
        const practice *p = &L->pr[i];

        tr_begin(d, NULL);
        td(d, "%s (%s)%s", p->name, p->code, p->rooms_illustrative ? " †" : "");
        td(d, "%s", fpct(d, p->share, 1));
        td(d, "%s", fnum(d, p->new_patients, 0));
        td(d, "%s", fnum(d, p->list, 0));
        td(d, "%s", fnum(d, p->rooms, 2));
        td(d, "%s", fnum(d, p->required_rooms, 2));
        td(d, "%s", fsigned(d, p->spare_rooms));
        td(d, "%s", p->status);
        td(d, "%s", fnum(d, p->rooms_needed, 2));
        td(d, "%s", fnum(d, p->spare_used, 2));
        td(d, "%s", fnum(d, p->rooms_net, 2));
        tr_end(d);
        share += p->share;
        newp += p->new_patients;
        list += p->list;
        rooms += p->rooms;
        req += p->required_rooms;
        spare += p->spare_rooms;
        any_illus |= p->rooms_illustrative;
    }
    tr_begin(d, "total");
    tdb(d, "Total");
    tdb(d, fpct(d, share, 1));
    tdb(d, fnum(d, newp, 0));
    tdb(d, fnum(d, list, 0));
    tdb(d, fnum(d, rooms, 2));
    tdb(d, fnum(d, req, 2));
    tdb(d, fsigned(d, spare));
    tdb(d, "");
    tdb(d, fnum(d, L->gross, 2));
    tdb(d, fnum(d, L->spare_used, 2));
    tdb(d, fnum(d, L->net, 2));
    tr_end(d);
    table_end(d);
    if (any_illus) {
        p_begin(d, "small");
        txt(d, "† The practice's room count is an illustrative value, not "
               "a survey of its premises.");
        p_end(d);
    }

    p_begin(d, NULL);
    if (L->npr == 1)
        txtf(d,
             "The practice has %s rooms for a list that needs %s rooms "
             "today: ",
             fnum(d, rooms, 2), fnum(d, req, 2));
    else
        txtf(d,
             "Together the practices have %s rooms for lists that need %s "
             "rooms today: ",
             fnum(d, rooms, 2), fnum(d, req, 2));
    if (spare < -0.005)
        txtf(d, "%s %s rooms short before any new patient arrives.",
             L->npr == 1 ? "it is" : "they are", fnum(d, -spare, 2));
    else if (spare > 0.005)
        txtf(d, "%s rooms are spare.", fnum(d, spare, 2));
    else
        txt(d, L->npr == 1 ? "it is full." : "they are full.");
    txtf(d, " The development's new patients need %s rooms; ",
         fnum(d, L->gross, 2));
    if (L->use_spare && L->spare_used > 0.005)
        txtf(d, "%s of them are met from spare rooms, leaving ",
             fnum(d, L->spare_used, 2));
    else if (L->use_spare)
        txt(d, "there are no spare rooms to meet them, leaving ");
    else
        txt(d, "spare rooms are not used, leaving ");
    if (L->net > 0.005)
        txtf(d, "%s rooms (%s m²) to be provided.", fnum(d, L->net, 2),
             ftrim(d, L->m2, 1));
    else
        txt(d, "none to be provided.");
    p_end(d);
}

/* Practices already full or short, for test (a): "A is 1.20 rooms short of
 * what its list needs today, B is full". Returns how many. */
static int write_short_practices(doc *d, const letter *L, int dry)
{
    size_t i;
    int k = 0;

    for (i = 0; i < L->npr; i++) {
        const practice *p = &L->pr[i];

        if (!strcmp(p->status, "spare"))
            continue;
        if (!dry) {
            if (k)
                txt(d, "; ");
            if (!strcmp(p->status, "short"))
                txtf(d,
                     "%s is already %s rooms short of what its list needs "
                     "today",
                     p->name, fnum(d, -p->spare_rooms, 2));
            else
                txtf(d, "%s is full", p->name);
        }
        k++;
    }
    return k;
}

static void write_tests(doc *d, const letter *L)
{
    size_t i;
    int pcns;

    heading(d, 2, "4. The tests of regulation 122");
    para(d, "Regulation 122(2) of the Community Infrastructure Levy "
            "Regulations 2010 (as amended) allows a planning obligation to "
            "be a reason for granting planning permission only if it is "
            "(a) necessary to make the development acceptable in planning "
            "terms, (b) directly related to the development, and (c) fairly "
            "and reasonably related in scale and kind to the development. "
            "The National Planning Policy Framework sets the same tests as "
            "policy for planning obligations.");
    if (!L->ask) {
        para(d, "The tests are not met for a capital contribution from this "
                "development, for the reasons below.");

        heading(d, 3,
                "(a) Necessary to make the development acceptable in "
                "planning terms");
        p_begin(d, NULL);
        txt(d, "Not met for a capital contribution: ");
        write_no_ask_reason(d, L);
        /* the assessment's reason carries its own numbers */
        if (L->net > 0.005)
            txtf(d,
                 " The assessment finds %s rooms still needed, but for the "
                 "reason above no contribution is sought.",
                 fnum(d, L->net, 2));
        else if (!L->no_ask_reason)
            txtf(d,
                 " The %s rooms the new patients need are met from spare "
                 "rooms at the practices they will register with, so no "
                 "rooms are still needed and no mitigation is necessary.",
                 fnum(d, L->gross, 2));
        p_end(d);

        heading(d, 3, "(b) Directly related to the development");
        p_begin(d, NULL);
        txt(d, "Not met for a capital contribution: as none is necessary "
               "(test (a)), none can be directly related to the "
               "development. Its residents are expected to register with ");
        write_practice_names(d, L, 0);
        txt(d, ".");
        p_end(d);

        heading(d, 3,
                "(c) Fairly and reasonably related in scale and kind "
                "to the development");
        p_begin(d, NULL);
        txt(d, "Not met for a capital contribution: ");
        if (L->net <= 0.005)
            txt(d, "with no rooms still needed, a contribution in proportion "
                   "to the development's impact is nil.");
        else
            txt(d, "no contribution is sought, for the reason given under "
                   "(a).");
        p_end(d);
        return;
    }

    para(d, "The ICB's request meets each of them.");

    heading(d, 3,
            "(a) Necessary to make the development acceptable in planning "
            "terms");
    p_begin(d, NULL);
    txtf(d,
         "%s the development's residents will register with %s not have "
         "the capacity for them. The new patients need %s rooms; ",
         L->npr == 1 ? "The practice" : "The practices",
         L->npr == 1 ? "does" : "do", fnum(d, L->gross, 2));
    if (L->use_spare && L->spare_used > 0.005)
        txtf(d,
             "once the %s rooms of spare capacity at %s are used, %s rooms "
             "are still needed.",
             fnum(d, L->spare_used, 2),
             L->npr == 1 ? "that practice" : "those practices",
             fnum(d, L->net, 2));
    else if (L->use_spare)
        txtf(d, "%s no spare capacity to offer, so all %s are still needed.",
             L->npr == 1 ? "that practice has" : "those practices have",
             fnum(d, L->net, 2));
    else
        txtf(d, "%s rooms are still needed.", fnum(d, L->net, 2));
    if (write_short_practices(d, L, 1) > 3) {
        int nshort = 0, nfull = 0;
        double worst = 0;

        for (i = 0; i < L->npr; i++) {
            if (!strcmp(L->pr[i].status, "short")) {
                nshort++;
                if (-L->pr[i].spare_rooms > worst)
                    worst = -L->pr[i].spare_rooms;
            } else if (!strcmp(L->pr[i].status, "full")) {
                nfull++;
            }
        }
        if (nshort)
            txtf(d,
                 " %s of the %s practices are already short of rooms for the "
                 "lists they have today, by up to %s rooms%s",
                 fnum(d, nshort, 0), fnum(d, (double)L->npr, 0),
                 fnum(d, worst, 2), nfull ? ", and " : ".");
        else
            txt(d, " ");
        if (nfull)
            txtf(d, "%s %s full.", fnum(d, nfull, 0),
                 nfull == 1 ? "is" : "are");
        txt(d, " See section 3.");
    } else if (write_short_practices(d, L, 1)) {
        txt(d, " ");
        write_short_practices(d, L, 0);
        txt(d, ".");
    }
    txtf(d,
         " Without additional capacity the %s new patients would join lists "
         "at practices without the rooms to see them, and access to primary "
         "care would worsen for new and existing residents alike. That "
         "impact would make the development unacceptable in planning terms "
         "unless it is mitigated; the contribution sought mitigates it.",
         fnum(d, L->new_patients, 0));
    p_end(d);

    heading(d, 3, "(b) Directly related to the development");
    p_begin(d, NULL);
    txtf(d,
         "The contribution is sought for the patients this development "
         "brings and for no one else: the %s new patients from its %s "
         "dwellings. %s its residents %s expected to register with, by "
         "the allocation rule (%s): ",
         fnum(d, L->new_patients, 0), fnum(d, L->dwellings, 0),
         L->npr == 1 ? "The practice named is the one"
                     : "The practices named are those",
         L->npr == 1 ? "is" : "are", L->allocation);
    {
        /* the largest shares first; the full list is in section 2 */
        size_t top[TOP], ntop = 0, c;

        while (ntop < TOP && ntop < L->npr) {
            size_t best = L->npr;

            for (i = 0; i < L->npr; i++) {
                int taken = 0;

                for (c = 0; c < ntop; c++)
                    taken |= top[c] == i;
                if (!taken &&
                    (best == L->npr || L->pr[i].share > L->pr[best].share))
                    best = i;
            }
            top[ntop++] = best;
        }
        for (c = 0; c < ntop; c++) {
            const practice *p = &L->pr[top[c]];

            if (c)
                txt(d, c + 1 == ntop && ntop == L->npr ? " and " : ", ");
            txtf(d, "%s (%s of them", p->name, fpct(d, p->share, 1));
            if (p->has_distance)
                txtf(d, "; premises %s m from the site",
                     fnum(d, p->distance_m, 0));
            txt(d, ")");
        }
        if (ntop < L->npr)
            txtf(d, " and %s more with smaller shares (section 2)",
                 fnum(d, (double)(L->npr - ntop), 0));
    }
    if (named_count(L, 1) <= 3) {
        txt(d, ". The contribution will be spent on capacity at ");
        write_practice_names(d, L, 1);
    } else {
        txtf(d,
             ". The contribution will be spent on capacity at the %s of "
             "them that still need rooms (section 5)",
             fnum(d, (double)named_count(L, 1), 0));
    }
    pcns = write_distinct(d, L, 1, 0, 1);
    if (pcns) {
        txtf(d, ", or within %s primary care %s (",
             named_count(L, 1) == 1 ? "its" : "their",
             pcns == 1 ? "network" : "networks");
        write_distinct(d, L, 1, 0, 0);
        txt(d, ")");
    }
    txt(d, ", which serve the site.");
    p_end(d);

    heading(d, 3,
            "(c) Fairly and reasonably related in scale and kind to the "
            "development");
    p_begin(d, NULL);
    txtf(d,
         "The amount follows from the development's own impact. Its %s "
         "dwellings generate %s residents at %s persons per dwelling; their "
         "%s new patients need %s rooms by the %s method, the same ratio "
         "applied to every practice's list. ",
         fnum(d, L->dwellings, 0), fnum(d, L->residents, 0), fnum(d, L->ppd, 2),
         fnum(d, L->new_patients, 0), fnum(d, L->gross, 2), L->method);
    if (L->use_spare && L->spare_used > 0.005)
        txtf(d,
             "The %s rooms of spare capacity at the affected practices are "
             "deducted, ",
             fnum(d, L->spare_used, 2));
    else if (L->use_spare)
        txt(d, "The affected practices have no spare capacity to deduct, ");
    else
        txt(d, "Spare capacity is not deducted, ");
    txtf(d,
         "and no existing shortfall at the practices is charged to the "
         "development. The %s rooms still needed come to %s m²",
         fnum(d, L->net, 2), ftrim(d, L->m2, 1));
    if (L->m2_basis && *L->m2_basis)
        txtf(d, " (%s)", L->m2_basis);
    if (L->ask_capital) {
        txtf(d, ", priced at a published build cost of %s per m² at %s",
             fgbp(d, L->base_gbp, -1), L->base_date);
        if (L->cost_source)
            txtf(d, " (%s)", L->cost_source);
        txtf(d,
             ", indexed by %s to %s per m² at %s, with %s fees and %s "
             "contingency: %s per m². That gives %s, or %s for each of "
             "the %s dwellings.",
             ftrim(d, L->index_ratio, 4), fgbp(d, L->today_gbp, -1), L->date,
             fpct(d, L->fees, 1), fpct(d, L->contingency, 1),
             fgbp(d, L->all_in_gbp, -1), fgbp(d, L->gbp, 0),
             fgbp(d, L->per_dwelling, -1), fnum(d, L->dwellings, 0));
    } else {
        txt(d, ".");
    }
    if (L->ask_land)
        txtf(d,
             " The %s ha of land is for a facility providing that floor "
             "space.",
             ftrim(d, L->land_ha, 2));
    txt(d, " It is sought as primary care floor space, the kind of "
           "infrastructure the new patients need.");
    p_end(d);
}

static void write_ask(doc *d, const letter *L)
{
    int pcns;

    if (!L->ask) {
        heading(d, 2, "5. No contribution sought");
        p_begin(d, NULL);
        txt(d, "No capital contribution is sought from this development");
        txt(d, L->form_land ? ", and no land. Reason: " : ". Reason: ");
        write_no_ask_reason(d, L);
        txt(d, " The ICB asks to be consulted again if the number or mix "
               "of dwellings changes.");
        p_end(d);
        return;
    }

    heading(d, 2, "5. What the ICB asks for");
    if (L->ask_capital) {
        p_begin(d, NULL);
        bold(d, "Financial contribution:");
        txtf(d,
             " %s, which is %s per dwelling. The ICB asks that the "
             "obligation be expressed as %s per dwelling, so that it follows "
             "the number of homes finally approved (%s in this application).",
             fgbp(d, L->gbp, 0), fgbp(d, L->per_dwelling, -1),
             fgbp(d, L->per_dwelling, -1), fnum(d, L->dwellings, 0));
        p_end(d);
        para(d, "How it is calculated:");
        ul_begin(d, NULL);
        if (L->use_spare && L->spare_used > 0.005)
            li(d,
               "rooms still needed: %s (%s for the new patients, less %s of "
               "spare capacity used)",
               fnum(d, L->net, 2), fnum(d, L->gross, 2),
               fnum(d, L->spare_used, 2));
        else if (L->use_spare)
            li(d, "rooms still needed: %s (no spare capacity to use)",
               fnum(d, L->net, 2));
        else
            li(d, "rooms still needed: %s (spare capacity not used)",
               fnum(d, L->net, 2));
        li_begin(d);
        txtf(d, "floor space: %s m²", ftrim(d, L->m2, 1));
        if (L->m2_basis && *L->m2_basis)
            txtf(d, " (%s)", L->m2_basis);
        li_end(d);
        li_begin(d);
        txtf(d, "build cost: %s per m² at %s, indexed by %s to %s per m² at %s",
             fgbp(d, L->base_gbp, -1), L->base_date,
             ftrim(d, L->index_ratio, 4), fgbp(d, L->today_gbp, -1), L->date);
        if (L->index_basis && *L->index_basis)
            txtf(d, " (%s)", L->index_basis);
        li_end(d);
        li(d, "professional fees %s and contingency %s: %s per m² all-in",
           fpct(d, L->fees, 1), fpct(d, L->contingency, 1),
           fgbp(d, L->all_in_gbp, -1));
        li(d,
           "contribution: %s m² at %s per m², %s (from the unrounded "
           "figures), or %s per dwelling over %s dwellings",
           ftrim(d, L->m2, 1), fgbp(d, L->all_in_gbp, -1), fgbp(d, L->gbp, 0),
           fgbp(d, L->per_dwelling, -1), fnum(d, L->dwellings, 0));
        ul_end(d);
    }
    if (L->ask_land) {
        p_begin(d, NULL);
        bold(d, "Land:");
        txtf(d,
             " %s ha of serviced land within the site, transferred to the "
             "ICB or its nominee at nil cost for a primary care facility, "
             "with access and services to its boundary.",
             ftrim(d, L->land_ha, 2));
        p_end(d);
    }

    p_begin(d, NULL);
    bold(d, "Purpose:");
    txt(d, " to increase primary care capacity (new, extended or "
           "reconfigured premises) at ");
    write_practice_names(d, L, 1);
    pcns = write_distinct(d, L, 1, 0, 1);
    if (pcns) {
        txtf(d, ", or otherwise within %s primary care %s (",
             named_count(L, 1) == 1 ? "its" : "their",
             pcns == 1 ? "network" : "networks");
        write_distinct(d, L, 1, 0, 0);
        txt(d, ")");
    }
    /* the practices' places: a site on a boundary draws on its neighbour */
    if (write_distinct(d, L, 1, 1, 1)) {
        txt(d, " in ");
        write_distinct(d, L, 1, 1, 0);
    } else if (L->place) {
        txtf(d, " in %s", L->place);
    }
    txt(d, ", for the benefit of the development's residents.");
    p_end(d);

    p_begin(d, NULL);
    bold(d, L->ask_capital ? "Payment:" : "Transfer:");
    txt(d, " ");
    txt(d, pc_buf_str(&L->triggers));
    txt(d, ".");
    p_end(d);

    if (L->ask_capital) {
        p_begin(d, NULL);
        bold(d, "Spend period:");
        txtf(d,
             " %s years from receipt of each payment; any sum not spent or "
             "committed by then to be repaid to the payer with interest.",
             ftrim(d, L->spend_years, 1));
        p_end(d);
        p_begin(d, NULL);
        bold(d, "Indexation:");
        txtf(d,
             " the sum is at prices of %s, the date of this assessment and "
             "its cost base; it should be index-linked from that date to the "
             "date of payment by the build cost index the agreement names.",
             L->date);
        p_end(d);
    }
}

static void write_illustrative(doc *d, const letter *L)
{
    const cJSON *e;

    heading(d, 2, "6. Illustrative values");
    if (!cJSON_GetArraySize(L->illustrative)) {
        para(d, "No figure in this response relies on illustrative values.");
        return;
    }
    note_begin(d, "note");
    p_begin(d, NULL);
    bold(d, "Illustrative figures: replace before sending.");
    txt(d, " This response rests in part on illustrative values, "
           "placeholders in the dataset rather than the ICB's own data:");
    p_end(d);
    ul_begin(d, NULL);
    cJSON_ArrayForEach(e, L->illustrative)
    {
        li_begin(d);
        txt(d, e->valuestring);
        li_end(d);
    }
    ul_end(d);
    para(d, "The figures in this response are therefore illustrative. They "
            "must be replaced with the ICB's own data, and the assessment run "
            "again, before the response is sent.");
    note_end(d);
}

static void write_signoff(doc *d, const letter *L)
{
    para(d, "Yours faithfully,");
    para(d, "Primary care estates and planning, %s%s", org_prefix(L), L->title);
}

/* a list of strings, joined with ", " */
static void write_joined(doc *d, const cJSON *arr)
{
    const cJSON *e;
    int k = 0;

    cJSON_ArrayForEach(e, arr)
    {
        if (k++)
            txt(d, ", ");
        txt(d, e->valuestring);
    }
}

static void write_trace(doc *d, const letter *L)
{
    static const char *const heads[] = {"Step",    "Value",       "Unit",
                                        "Formula", "Assumptions", "Data"};
    const cJSON *t;

    heading(d, 2, "Appendix A: calculation");
    para(d, "Each step of the assessment, with the assumptions (by id) and "
            "the data rows it uses.");
    table_begin(d, heads, "lrllll");
    cJSON_ArrayForEach(t, L->trace)
    {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, "value");
        const cJSON *s;

        tr_begin(d, NULL);
        td(d, "%s", cJSON_GetObjectItemCaseSensitive(t, "step")->valuestring);
        td(d, "%s", cJSON_IsNumber(v) ? ftrim(d, v->valuedouble, 6) : "");
        s = cJSON_GetObjectItemCaseSensitive(t, "unit");
        td(d, "%s", cJSON_IsString(s) ? s->valuestring : "");
        s = cJSON_GetObjectItemCaseSensitive(t, "formula");
        td(d, "%s", cJSON_IsString(s) ? s->valuestring : "");
        td_begin(d);
        write_joined(d, cJSON_GetObjectItemCaseSensitive(t, "assumptions"));
        td_end(d);
        td_begin(d);
        write_joined(d, cJSON_GetObjectItemCaseSensitive(t, "data"));
        td_end(d);
        tr_end(d);
    }
    table_end(d);
}

static void write_warnings(doc *d, const letter *L)
{
    const cJSON *e;

    if (!cJSON_GetArraySize(L->warnings))
        return;
    heading(d, 2, "Appendix B: warnings from the assessment");
    ul_begin(d, NULL);
    cJSON_ArrayForEach(e, L->warnings)
    {
        li_begin(d);
        txt(d, e->valuestring);
        li_end(d);
    }
    ul_end(d);
}

static void write_letter(doc *d, const letter *L)
{
    if (!md(d)) {
        put(d, "<!DOCTYPE html>\n"
               "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en-GB\" "
               "xml:lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n"
               "<meta name=\"viewport\" content=\"width=device-width, "
               "initial-scale=1\"/>\n<title>");
        txtf(d, "%s%s: response to planning consultation – ", org_prefix(L),
             L->title);
        write_dev_name(d, L);
        put(d, "</title>\n<style>\n");
        put(d, css);
        put(d, "</style>\n</head>\n<body>\n");
    }
    write_heading_block(d, L);
    write_summary(d, L);
    write_impact(d, L);
    write_capacity(d, L);
    write_tests(d, L);
    write_ask(d, L);
    write_illustrative(d, L);
    write_signoff(d, L);
    write_trace(d, L);
    write_warnings(d, L);
    if (!md(d))
        put(d, "</body>\n</html>\n");
}

pc_status rpt_letter(const cJSON *assessment, rpt_format fmt, pc_buf *out,
                     pc_error *err)
{
    letter L;
    doc d;
    pc_buf tmp = PC_BUF_INIT(out->cap > out->len ? out->cap - out->len : 0);
    pc_status rc;

    memset(&L, 0, sizeof L);
    L.triggers = (pc_buf)PC_BUF_INIT(4096);
    if (fmt != RPT_MARKDOWN && fmt != RPT_HTML) {
        rc = PC_FAIL(err, PC_ERR_INPUT, "letter: unknown format %d", (int)fmt);
        goto cleanup;
    }
    rc = read_letter(assessment, &L, err);
    if (rc != PC_OK)
        goto cleanup;

    memset(&d, 0, sizeof d);
    d.fmt = fmt;
    d.out = &tmp;
    d.pre = "";
    write_letter(&d, &L);
    rc = d.rc;
    if (rc == PC_OK)
        rc = pc_buf_add(out, pc_buf_str(&tmp), tmp.len);
    if (rc != PC_OK) {
        rc = PC_FAIL(err, rc, "letter: %s",
                     rc == PC_ERR_NOMEM ? "out of memory or over the size cap"
                                        : "formatting failed");
        goto cleanup;
    }

cleanup:
    pc_buf_free(&tmp);
    pc_buf_free(&L.triggers);
    free(L.pr);
    return rc;
}
