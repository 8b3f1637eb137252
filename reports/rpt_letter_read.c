/* rpt_letter_read.c: the first pass of the letter: the site assessment,
 * checked. Every key the letter uses is read here and copied into a
 * `letter` (strings stay borrowed from the cJSON tree), so that a bad
 * document fails before anything is written and the writer never meets a
 * missing or mistyped value. */
#include "pc_json.h"
#include "rpt_letter_int.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "rpt_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA "pcplan-site-assessment/1"

/* An optional number (NAN when absent or null). */
static pc_status opt_num(pc_jr *r, const char *key, double *out)
{
    int has = 0;
    pc_status rc = pc_jr_num(r, key, PC_JR_OPT, out, &has);

    if (!has)
        *out = NAN;
    return rc;
}

/* An optional date, in words into out ("" when absent). */
static pc_status rd_date_opt(pc_jr *r, const char *key, char *out, size_t n)
{
    const char *s = NULL;
    pc_status rc = pc_jr_str(r, key, PC_JR_OPT, &s);

    out[0] = '\0';
    if (rc == PC_OK && s && pc_fmt_date(out, n, s) != 0)
        return pc_jr_fail(r, key, "expected a date YYYY-MM-DD, got \"%.40s\"",
                          s);
    return rc;
}

/* "consultation" {...} (optional) and "schemes" [...] (optional). */
static pc_status read_consultation(pc_jr *top, letter *L)
{
    const cJSON *c = NULL;
    pc_jr r;
    pc_status rc;

    if ((rc = pc_jr_obj(top, "consultation", PC_JR_OPT, &c)) ||
        (rc = rd_date_opt(top, "list_date", L->list_date,
                          sizeof L->list_date)) ||
        (rc = pc_jr_arr(top, "schemes", PC_JR_OPT, 0, &L->schemes)))
        return rc;
    if (!c)
        return PC_OK;
    pc_jr_sub(&r, top, c, "consultation", -1);
    return (rc = pc_jr_str(&r, "reference", PC_JR_OPT, &L->reference)) ||
                   (rc = pc_jr_str(&r, "council", PC_JR_OPT, &L->council)) ||
                   (rc =
                        pc_jr_str(&r, "addressee", PC_JR_OPT, &L->addressee)) ||
                   (rc = pc_jr_str(&r, "contact", PC_JR_OPT, &L->contact)) ||
                   (rc = rd_date_opt(&r, "consulted", L->consulted,
                                     sizeof L->consulted)) ||
                   (rc = rd_date_opt(&r, "deadline", L->deadline,
                                     sizeof L->deadline)) ||
                   (rc = rd_date_opt(&r, "issued", L->issued, sizeof L->issued))
               ? rc
               : PC_OK;
}

static pc_status rd_date(pc_jr *r, const char *key, char *out, size_t n)
{
    const char *s = NULL;
    pc_status rc = pc_jr_str(r, key, PC_JR_REQ, &s);

    if (rc == PC_OK && pc_fmt_date(out, n, s) != 0)
        return pc_jr_fail(r, key, "expected a date YYYY-MM-DD, got \"%.40s\"",
                          s);
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

            pc_fmt_ordinal(ord, sizeof ord, v);
            snprintf(words, sizeof words, "on occupation of the %s dwelling",
                     ord);
        } else if (end - ev == 15 && !strncmp(ev, "date:", 5)) {
            char iso[11], date[48];

            memcpy(iso, ev + 5, 10);
            iso[10] = '\0';
            if (pc_fmt_date(date, sizeof date, iso) != 0)
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

static pc_status read_practice(const pc_jr *parent, const cJSON *o, int i,
                               practice *p)
{
    pc_jr r;
    pc_status rc;

    if ((rc = pc_jr_elem(&r, parent, "practices", i, o)) ||
        (rc = pc_jr_str(&r, "code", PC_JR_REQ, &p->code)) ||
        (rc = pc_jr_str(&r, "name", PC_JR_REQ, &p->name)) ||
        (rc = pc_jr_str(&r, "pcn", PC_JR_OPT, &p->pcn)) ||
        (rc = pc_jr_str(&r, "pcn_name", PC_JR_OPT, &p->pcn_name)) ||
        (rc = opt_num(&r, "near_e", &p->near_e)) ||
        (rc = opt_num(&r, "near_n", &p->near_n)) ||
        (rc = pc_jr_str(&r, "place", PC_JR_OPT, &p->place)) ||
        (rc = pc_jr_num(&r, "share", PC_JR_REQ, &p->share, NULL)) ||
        (rc = pc_jr_num(&r, "distance_m", PC_JR_OPT, &p->distance_m,
                        &p->has_distance)) ||
        (rc = pc_jr_nonneg(&r, "new_patients", &p->new_patients)) ||
        (rc = pc_jr_nonneg(&r, "list", &p->list)) ||
        (rc = pc_jr_nonneg(&r, "rooms", &p->rooms)) ||
        (rc = pc_jr_nonneg(&r, "required_rooms", &p->required_rooms)) ||
        (rc = pc_jr_num(&r, "spare_rooms", PC_JR_REQ, &p->spare_rooms, NULL)) ||
        (rc = pc_jr_str(&r, "status", PC_JR_REQ, &p->status)) ||
        (rc = pc_jr_nonneg(&r, "rooms_needed", &p->rooms_needed)) ||
        (rc = pc_jr_nonneg(&r, "spare_used", &p->spare_used)) ||
        (rc = pc_jr_num(&r, "rooms_net", PC_JR_REQ, &p->rooms_net, NULL)) ||
        (rc = pc_jr_bool(&r, "rooms_illustrative", PC_JR_OPT,
                         &p->rooms_illustrative)))
        return rc;
    if (strcmp(p->status, "spare") && strcmp(p->status, "full") &&
        strcmp(p->status, "short"))
        return pc_jr_fail(&r, "status",
                          "expected \"spare\", \"full\" or \"short\", got "
                          "\"%.40s\"",
                          p->status);
    return PC_OK;
}

static pc_status read_trace(const pc_jr *parent, const cJSON *trace)
{
    const cJSON *t;
    int i = 0;

    cJSON_ArrayForEach(t, trace)
    {
        pc_jr r;
        const char *s;
        const cJSON *a;
        double v;
        pc_status rc;

        if ((rc = pc_jr_elem(&r, parent, "trace", i, t)) ||
            (rc = pc_jr_str(&r, "step", PC_JR_REQ, &s)) ||
            (rc = pc_jr_num(&r, "value", PC_JR_OPT, &v, NULL)) ||
            (rc = pc_jr_str(&r, "unit", PC_JR_OPT, &s)) ||
            (rc = pc_jr_str(&r, "formula", PC_JR_OPT, &s)) ||
            (rc = pc_jr_arr(&r, "assumptions", PC_JR_OPT, 1, &a)) ||
            (rc = pc_jr_arr(&r, "data", PC_JR_OPT, 1, &a)))
            return rc;
        i++;
    }
    return PC_OK;
}

/* The source of the build cost, from the assumption register if there. */
static pc_status read_cost_source(pc_jr *top, letter *L)
{
    const cJSON *arr, *a;
    int i = 0;
    pc_status rc = pc_jr_arr(top, "assumptions", PC_JR_OPT, 0, &arr);

    if (rc || !arr)
        return rc;
    cJSON_ArrayForEach(a, arr)
    {
        pc_jr r;
        const char *id = NULL, *src = NULL;

        if ((rc = pc_jr_elem(&r, top, "assumptions", i, a)) ||
            (rc = pc_jr_str(&r, "id", PC_JR_OPT, &id)) ||
            (rc = pc_jr_str(&r, "source", PC_JR_OPT, &src)))
            return rc;
        if (id && src && *src && !strcmp(id, "build_cost_gbp_per_m2"))
            L->cost_source = src;
        i++;
    }
    return PC_OK;
}

/* site: where it is and what it is. */
static pc_status read_site(const pc_jr *top, const cJSON *site, letter *L)
{
    const char *s = NULL;
    int has_lon = 0, has_lat = 0;
    pc_status rc;
    pc_jr r;

    pc_jr_sub(&r, top, site, "site", -1);
    if ((rc = pc_jr_str(&r, "site_id", PC_JR_OPT, &L->site_id)) ||
        (rc = pc_jr_str(&r, "name", PC_JR_OPT, &L->site_name)) ||
        (rc = pc_jr_str(&r, "source", PC_JR_OPT, &s)) ||
        (rc = pc_jr_str(&r, "postcode", PC_JR_OPT, &L->postcode)) ||
        (rc = pc_jr_num(&r, "lon", PC_JR_OPT, &L->lon, &has_lon)) ||
        (rc = pc_jr_num(&r, "lat", PC_JR_OPT, &L->lat, &has_lat)) ||
        (rc = opt_num(&r, "e", &L->e)) || (rc = opt_num(&r, "n", &L->n)) ||
        (rc = pc_jr_num(&r, "area_ha", PC_JR_OPT, &L->area_ha, &L->has_area)) ||
        (rc = pc_jr_str(&r, "lad_code", PC_JR_OPT, &s)) ||
        (rc = pc_jr_str(&r, "lad_name", PC_JR_OPT, &L->lad_name)) ||
        (rc = pc_jr_str(&r, "place", PC_JR_OPT, &L->place)) ||
        (rc = pc_jr_str(&r, "planning_status", PC_JR_OPT, &L->planning_status)))
        return rc;
    L->has_lonlat = has_lon && has_lat;
    return PC_OK;
}

/* Dwellings, their mix, residents, new patients and the method, ending at
 * the practices array in *prs. */
static pc_status read_residents(pc_jr *top, letter *L, const cJSON **prs)
{
    const cJSON *mix;
    pc_status rc;
    int i;
    pc_jr r;

    if ((rc = pc_jr_nonneg(top, "dwellings", &L->dwellings)))
        return rc;
    if (L->dwellings < 1)
        return pc_jr_fail(top, "dwellings", "expected a number >= 1, got %g",
                          L->dwellings);
    if ((rc = pc_jr_obj(top, "mix", PC_JR_OPT, &mix)))
        return rc;
    if (mix) {
        pc_jr_sub(&r, top, mix, "mix", -1);
        for (i = 1; i <= 5; i++) {
            char key[2] = {(char)('0' + i), 0};

            if ((rc =
                     pc_jr_num(&r, key, PC_JR_OPT, &L->mix[i], &L->has_mix[i])))
                return rc;
            if (L->has_mix[i] && L->mix[i] > 0)
                L->any_mix = 1;
        }
    }
    if ((rc = pc_jr_nonneg(top, "persons_per_dwelling", &L->ppd)) ||
        (rc = pc_jr_nonneg(top, "residents", &L->residents)) ||
        (rc = pc_jr_nonneg(top, "new_patients", &L->new_patients)) ||
        (rc = pc_jr_str(top, "method", PC_JR_REQ, &L->method)) ||
        (rc = pc_jr_str(top, "method_note", PC_JR_OPT, &L->method_note)) ||
        (rc = pc_jr_arr(top, "rooms_counted", PC_JR_REQ, 1,
                        &L->rooms_counted)) ||
        (rc = pc_jr_str(top, "allocation", PC_JR_REQ, &L->allocation)) ||
        (rc = pc_jr_str(top, "allocation_note", PC_JR_OPT,
                        &L->allocation_note)) ||
        (rc = pc_jr_str(top, "spare_basis", PC_JR_OPT, &L->spare_basis)) ||
        (rc =
             pc_jr_bool(top, "use_spare_capacity", PC_JR_REQ, &L->use_spare)) ||
        (rc = pc_jr_arr(top, "practices", PC_JR_REQ, 0, prs)))
        return rc;
    return PC_OK;
}

/* The practices the residents register with: at least one. */
static pc_status read_practices(pc_jr *top, const cJSON *prs, letter *L)
{
    const cJSON *p;
    pc_status rc;
    int i;

    L->npr = (size_t)cJSON_GetArraySize(prs);
    if (!L->npr)
        return pc_jr_fail(top, "practices",
                          "expected at least one practice, got an empty "
                          "array");
    L->pr = calloc(L->npr, sizeof *L->pr);
    if (!L->pr)
        return PC_FAIL(top->err, PC_ERR_NOMEM,
                       "site assessment: out of memory");
    i = 0;
    cJSON_ArrayForEach(p, prs)
    {
        if ((rc = read_practice(top, p, i, &L->pr[i])))
            return rc;
        i++;
    }
    return PC_OK;
}

/* Rooms, floor area and the cost per square metre. */
static pc_status read_cost(pc_jr *top, letter *L)
{
    const cJSON *cost;
    pc_status rc;
    pc_jr r;

    if ((rc = pc_jr_nonneg(top, "rooms_needed_gross", &L->gross)) ||
        (rc = pc_jr_nonneg(top, "spare_used", &L->spare_used)) ||
        (rc = pc_jr_num(top, "rooms_needed_net", PC_JR_REQ, &L->net, NULL)) ||
        (rc = pc_jr_nonneg(top, "m2", &L->m2)) ||
        (rc = pc_jr_str(top, "m2_basis", PC_JR_OPT, &L->m2_basis)) ||
        (rc = pc_jr_obj(top, "cost", PC_JR_REQ, &cost)))
        return rc;

    pc_jr_sub(&r, top, cost, "cost", -1);
    if ((rc = pc_jr_nonneg(&r, "base_gbp_per_m2", &L->base_gbp)) ||
        (rc = rd_date(&r, "base_date", L->base_date, sizeof L->base_date)) ||
        (rc = pc_jr_nonneg(&r, "index_ratio", &L->index_ratio)) ||
        (rc = pc_jr_str(&r, "index_basis", PC_JR_OPT, &L->index_basis)) ||
        (rc = pc_jr_nonneg(&r, "today_gbp_per_m2", &L->today_gbp)) ||
        (rc = pc_jr_nonneg(&r, "fees", &L->fees)) ||
        (rc = pc_jr_nonneg(&r, "contingency", &L->contingency)) ||
        (rc = pc_jr_nonneg(&r, "all_in_gbp_per_m2", &L->all_in_gbp)))
        return rc;
    return PC_OK;
}

/* The form of the contribution, its amount and whether anything is
 * asked for. */
static pc_status read_ask(pc_jr *top, letter *L)
{
    const char *s = NULL;
    pc_status rc;

    if ((rc = pc_jr_str(top, "form", PC_JR_REQ, &s)))
        return rc;
    if (!strcmp(s, "capital")) {
        L->form_capital = 1;
    } else if (!strcmp(s, "land")) {
        L->form_land = 1;
    } else if (!strcmp(s, "land_and_capital")) {
        L->form_capital = L->form_land = 1;
    } else {
        return pc_jr_fail(top, "form",
                          "expected \"capital\", \"land\" or "
                          "\"land_and_capital\", got \"%.40s\"",
                          s);
    }
    if ((rc =
             pc_jr_num(top, "land_ha", PC_JR_OPT, &L->land_ha, &L->has_land)) ||
        (rc = pc_jr_nonneg(top, "contribution_gbp", &L->gbp)) ||
        (rc = pc_jr_nonneg(top, "per_dwelling_gbp", &L->per_dwelling)) ||
        (rc = pc_jr_str(top, "no_ask_reason", PC_JR_OPT, &L->no_ask_reason)))
        return rc;
    if (L->no_ask_reason && !*L->no_ask_reason)
        L->no_ask_reason = NULL;
    if (L->form_land && !L->has_land && !L->no_ask_reason)
        return pc_jr_fail(top, "land_ha",
                          "missing (expected a number when form is \"%s\")", s);
    /* A reason not to ask wins over any figure: the letter then asks for
     * nothing. */
    L->ask_capital = !L->no_ask_reason && L->form_capital && L->gbp > 0;
    L->ask_land = !L->no_ask_reason && L->form_land && L->land_ha > 0;
    L->ask = L->ask_capital || L->ask_land;
    return PC_OK;
}

/* The suggested payment triggers and spend period: required when
 * something is asked for. */
static pc_status read_suggested(pc_jr *top, const cJSON *j, letter *L)
{
    const cJSON *sug;
    pc_status rc;
    pc_jr r;

    if ((rc = pc_jr_obj(top, "suggested", PC_JR_OPT, &sug)))
        return rc;
    if (!sug && L->ask)
        return pc_jr_bad(top, "suggested",
                         "an object with the payment triggers and spend period",
                         cJSON_GetObjectItemCaseSensitive(j, "suggested"));
    if (sug) {
        const char *trig = NULL;

        pc_jr_sub(&r, top, sug, "suggested", -1);
        if ((rc = pc_jr_str(&r, "triggers", L->ask ? PC_JR_REQ : PC_JR_OPT,
                            &trig)) ||
            (rc = pc_jr_num(&r, "spend_period_years",
                            L->ask ? PC_JR_REQ : PC_JR_OPT, &L->spend_years,
                            &L->has_suggested)))
            return rc;
        if (trig && L->ask &&
            (rc = triggers_in_words(trig, &L->triggers, top->err)))
            return rc;
    }
    return PC_OK;
}

pc_status rpt_letter_read(const cJSON *j, letter *L, pc_error *err)
{
    pc_jr top = pc_jr_root(j, "site assessment", err);
    const cJSON *site, *prs;
    const char *s = NULL;
    pc_status rc;

    if (!cJSON_IsObject(j))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "site assessment: expected a JSON object, got %s",
                       pc_json_type(j));
    if ((rc = pc_jr_str(&top, "assessment", PC_JR_REQ, &s)))
        return rc;
    if (strcmp(s, SCHEMA))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "site assessment: key \"assessment\": expected \"%s\", "
                       "got \"%.60s\"",
                       SCHEMA, s);
    if ((rc = pc_jr_str(&top, "dataset", PC_JR_OPT, &L->dataset)) ||
        (rc = pc_jr_str(&top, "dataset_title", PC_JR_REQ, &L->title)) ||
        (rc = rd_date(&top, "as_of", L->date, sizeof L->date)) ||
        (rc = pc_jr_str(&top, "as_of", PC_JR_REQ, &L->as_of)) ||
        (rc = pc_jr_str(&top, "preset", PC_JR_OPT, &L->preset)) ||
        (rc = pc_jr_str(&top, "scenario", PC_JR_OPT, &L->scenario)) ||
        (rc = pc_jr_obj(&top, "site", PC_JR_REQ, &site)))
        return rc;

    if ((rc = read_site(&top, site, L)) ||
        (rc = read_residents(&top, L, &prs)) ||
        (rc = read_practices(&top, prs, L)) || (rc = read_cost(&top, L)) ||
        (rc = read_ask(&top, L)) || (rc = read_suggested(&top, j, L)) ||
        (rc = read_consultation(&top, L)))
        return rc;
    if ((rc = pc_jr_arr(&top, "trace", PC_JR_REQ, 0, &L->trace)) ||
        (rc = read_trace(&top, L->trace)) || (rc = read_cost_source(&top, L)) ||
        (rc =
             pc_jr_arr(&top, "illustrative", PC_JR_REQ, 1, &L->illustrative)) ||
        (rc = pc_jr_arr(&top, "warnings", PC_JR_OPT, 1, &L->warnings)))
        return rc;
    return PC_OK;
}
