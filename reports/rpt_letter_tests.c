/* rpt_letter_tests.c: the heart of the letter: the three tests of CIL
 * Regulation 122 (necessary, directly related, fairly and reasonably
 * related in scale and kind), the ask that follows from them, and the
 * note on illustrative figures. Written through rpt_doc.h like the rest
 * of the letter (rpt_letter.c). */
#include "rpt_letter_int.h"

#include "pc_buf.h"
#include "rpt_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Practices already full or short, for test (a): "A is 1.20 rooms short of
 * what its list needs today, B is full". Returns how many. */
static int write_short_practices(rpt_doc *d, const letter *L, int dry)
{
    size_t i;
    int k = 0;

    for (i = 0; i < L->npr; i++) {
        const practice *p = &L->pr[i];

        if (!strcmp(p->status, "spare"))
            continue;
        if (!dry) {
            if (k)
                rpt_doc_txt(d, "; ");
            if (!strcmp(p->status, "short"))
                rpt_doc_txtf(
                    d,
                    "%s is already %s rooms short of what its list needs "
                    "today",
                    p->name, rpt_doc_num(d, -p->spare_rooms, 2));
            else
                rpt_doc_txtf(d, "%s is full", p->name);
        }
        k++;
    }
    return k;
}

/* The tests when nothing is asked for: each not met, and why. */
static void write_tests_not_met(rpt_doc *d, const letter *L)
{
    rpt_doc_para(d,
                 "The tests are not met for a capital contribution from this "
                 "development, for the reasons below.");

    rpt_doc_heading(d, 3,
                    "(a) Necessary to make the development acceptable in "
                    "planning terms");
    rpt_doc_p_begin(d, NULL);
    rpt_doc_txt(d, "Not met for a capital contribution: ");
    rpt_letter_no_ask_reason(d, L);
    /* the assessment's reason carries its own numbers */
    if (L->net > 0.005)
        rpt_doc_txtf(d,
                     " The assessment finds %s rooms still needed, but for the "
                     "reason above no contribution is sought.",
                     rpt_doc_num(d, L->net, 2));
    else if (!L->no_ask_reason)
        rpt_doc_txtf(d,
                     " The %s rooms the new patients need are met from spare "
                     "rooms at the practices they will register with, so no "
                     "rooms are still needed and no mitigation is necessary.",
                     rpt_doc_num(d, L->gross, 2));
    rpt_doc_p_end(d);

    rpt_doc_heading(d, 3, "(b) Directly related to the development");
    rpt_doc_p_begin(d, NULL);
    rpt_doc_txt(d, "Not met for a capital contribution: as none is necessary "
                   "(test (a)), none can be directly related to the "
                   "development. Its residents are expected to register with ");
    rpt_letter_practice_names(d, L, 0);
    rpt_doc_txt(d, ".");
    rpt_doc_p_end(d);

    rpt_doc_heading(d, 3,
                    "(c) Fairly and reasonably related in scale and kind "
                    "to the development");
    rpt_doc_p_begin(d, NULL);
    rpt_doc_txt(d, "Not met for a capital contribution: ");
    if (L->net <= 0.005)
        rpt_doc_txt(d,
                    "with no rooms still needed, a contribution in proportion "
                    "to the development's impact is nil.");
    else
        rpt_doc_txt(d, "no contribution is sought, for the reason given under "
                       "(a).");
    rpt_doc_p_end(d);
}

/* Test (a): the impact the contribution mitigates. */
static void write_test_a(rpt_doc *d, const letter *L)
{
    rpt_doc_heading(
        d, 3,
        "(a) Necessary to make the development acceptable in planning "
        "terms");
    rpt_doc_p_begin(d, NULL);
    rpt_doc_txtf(
        d,
        "%s the development's residents will register with %s not have "
        "the capacity for them. The new patients need %s rooms; ",
        L->npr == 1 ? "The practice" : "The practices",
        L->npr == 1 ? "does" : "do", rpt_doc_num(d, L->gross, 2));
    if (L->use_spare && L->spare_used > 0.005)
        rpt_doc_txtf(
            d,
            "once the %s rooms of spare capacity at %s are used, %s rooms "
            "are still needed.",
            rpt_doc_num(d, L->spare_used, 2),
            L->npr == 1 ? "that practice" : "those practices",
            rpt_doc_num(d, L->net, 2));
    else if (L->use_spare)
        rpt_doc_txtf(
            d, "%s no spare capacity to offer, so all %s are still needed.",
            L->npr == 1 ? "that practice has" : "those practices have",
            rpt_doc_num(d, L->net, 2));
    else
        rpt_doc_txtf(d, "%s rooms are still needed.",
                     rpt_doc_num(d, L->net, 2));
    if (write_short_practices(d, L, 1) > 3) {
        int nshort = 0, nfull = 0;
        double worst = 0;

        for (size_t i = 0; i < L->npr; i++) {
            if (!strcmp(L->pr[i].status, "short")) {
                nshort++;
                if (-L->pr[i].spare_rooms > worst)
                    worst = -L->pr[i].spare_rooms;
            } else if (!strcmp(L->pr[i].status, "full")) {
                nfull++;
            }
        }
        if (nshort)
            rpt_doc_txtf(
                d,
                " %s of the %s practices are already short of rooms for the "
                "lists they have today, by up to %s rooms%s",
                rpt_doc_num(d, nshort, 0), rpt_doc_num(d, (double)L->npr, 0),
                rpt_doc_num(d, worst, 2), nfull ? ", and " : ".");
        else
            rpt_doc_txt(d, " ");
        if (nfull)
            rpt_doc_txtf(d, "%s %s full.", rpt_doc_num(d, nfull, 0),
                         nfull == 1 ? "is" : "are");
        rpt_doc_txt(d, " See section 3.");
    } else if (write_short_practices(d, L, 1)) {
        rpt_doc_txt(d, " ");
        write_short_practices(d, L, 0);
        rpt_doc_txt(d, ".");
    }
    rpt_doc_txtf(
        d,
        " Without additional capacity the %s new patients would join lists "
        "at practices without the rooms to see them, and access to primary "
        "care would worsen for new and existing residents alike. That "
        "impact would make the development unacceptable in planning terms "
        "unless it is mitigated; the contribution sought mitigates it.",
        rpt_doc_num(d, L->new_patients, 0));
    rpt_doc_p_end(d);
}

/* The practices with the largest shares of the new patients (at most TOP;
 * the full list is in section 2), with their shares and distances. */
static void write_top_shares(rpt_doc *d, const letter *L)
{
    size_t i;

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
            rpt_doc_txt(d, c + 1 == ntop && ntop == L->npr ? " and " : ", ");
        rpt_doc_txtf(d, "%s (%s of them", p->name, rpt_doc_pct(d, p->share, 1));
        if (p->has_distance)
            rpt_doc_txtf(d, "; premises %s m from the site",
                         rpt_doc_num(d, p->distance_m, 0));
        rpt_doc_txt(d, ")");
    }
    if (ntop < L->npr)
        rpt_doc_txtf(d, " and %s more with smaller shares (section 2)",
                     rpt_doc_num(d, (double)(L->npr - ntop), 0));
}

/* Test (b): the practices the residents will register with. */
/* lead, then the primary care networks of the named practices in
 * brackets ("..., or within their primary care networks (A, B)"), when
 * they have any. */
static void pcn_clause(rpt_doc *d, const letter *L, const char *lead)
{
    int pcns = rpt_letter_distinct(d, L, 1, 0, 1);

    if (!pcns)
        return;
    rpt_doc_txtf(d, "%s %s primary care %s (", lead,
                 rpt_letter_named_count(L, 1) == 1 ? "its" : "their",
                 pcns == 1 ? "network" : "networks");
    rpt_letter_distinct(d, L, 1, 0, 0);
    rpt_doc_txt(d, ")");
}

static void write_test_b(rpt_doc *d, const letter *L)
{
    rpt_doc_heading(d, 3, "(b) Directly related to the development");
    rpt_doc_p_begin(d, NULL);
    rpt_doc_txtf(d,
                 "The contribution is sought for the patients this development "
                 "brings and for no one else: the %s new patients from its %s "
                 "dwellings. %s its residents %s expected to register with, by "
                 "the allocation rule (%s): ",
                 rpt_doc_num(d, L->new_patients, 0),
                 rpt_doc_num(d, L->dwellings, 0),
                 L->npr == 1 ? "The practice named is the one"
                             : "The practices named are those",
                 L->npr == 1 ? "is" : "are", L->allocation);
    write_top_shares(d, L);
    if (rpt_letter_named_count(L, 1) <= 3) {
        rpt_doc_txt(d, ". The contribution will be spent on capacity at ");
        rpt_letter_practice_names(d, L, 1);
    } else {
        rpt_doc_txtf(
            d,
            ". The contribution will be spent on capacity at the %s of "
            "them that still need rooms (section 5)",
            rpt_doc_num(d, (double)rpt_letter_named_count(L, 1), 0));
    }
    pcn_clause(d, L, ", or within");
    rpt_doc_txt(d, ", which serve the site.");
    rpt_doc_p_end(d);
}

/* Test (c): the amount, from the development's own impact. */
static void write_test_c(rpt_doc *d, const letter *L)
{
    rpt_doc_heading(
        d, 3,
        "(c) Fairly and reasonably related in scale and kind to the "
        "development");
    rpt_doc_p_begin(d, NULL);
    rpt_doc_txtf(
        d,
        "The amount follows from the development's own impact. Its %s "
        "dwellings generate %s residents at %s persons per dwelling; their "
        "%s new patients need %s rooms by the %s method, the same ratio "
        "applied to every practice's list. ",
        rpt_doc_num(d, L->dwellings, 0), rpt_doc_num(d, L->residents, 0),
        rpt_doc_num(d, L->ppd, 2), rpt_doc_num(d, L->new_patients, 0),
        rpt_doc_num(d, L->gross, 2), L->method);
    if (L->use_spare && L->spare_used > 0.005)
        rpt_doc_txtf(
            d,
            "The %s rooms of spare capacity at the affected practices are "
            "deducted, ",
            rpt_doc_num(d, L->spare_used, 2));
    else if (L->use_spare)
        rpt_doc_txt(
            d, "The affected practices have no spare capacity to deduct, ");
    else
        rpt_doc_txt(d, "Spare capacity is not deducted, ");
    rpt_doc_txtf(d,
                 "and no existing shortfall at the practices is charged to the "
                 "development. The %s rooms still needed come to %s m²",
                 rpt_doc_num(d, L->net, 2), rpt_doc_trim(d, L->m2, 1));
    if (L->m2_basis && *L->m2_basis)
        rpt_doc_txtf(d, " (%s)", L->m2_basis);
    if (L->ask_capital) {
        rpt_doc_txtf(d, ", priced at a published build cost of %s per m² at %s",
                     rpt_doc_gbp(d, L->base_gbp, -1), L->base_date);
        if (L->cost_source)
            rpt_doc_txtf(d, " (%s)", L->cost_source);
        rpt_doc_txtf(
            d,
            ", indexed by %s to %s per m² at %s, with %s fees and %s "
            "contingency: %s per m². That gives %s, or %s for each of "
            "the %s dwellings.",
            rpt_doc_trim(d, L->index_ratio, 4),
            rpt_doc_gbp(d, L->today_gbp, -1), L->date,
            rpt_doc_pct(d, L->fees, 1), rpt_doc_pct(d, L->contingency, 1),
            rpt_doc_gbp(d, L->all_in_gbp, -1), rpt_doc_gbp(d, L->gbp, 0),
            rpt_doc_gbp(d, L->per_dwelling, -1),
            rpt_doc_num(d, L->dwellings, 0));
    } else {
        rpt_doc_txt(d, ".");
    }
    if (L->ask_land)
        rpt_doc_txtf(
            d,
            " The %s ha of land is for a facility providing that floor "
            "space.",
            rpt_doc_trim(d, L->land_ha, 2));
    rpt_doc_txt(d, " It is sought as primary care floor space, the kind of "
                   "infrastructure the new patients need.");
    rpt_doc_p_end(d);
}

void rpt_letter_tests(rpt_doc *d, const letter *L)
{
    rpt_doc_heading(d, 2, "4. The tests of regulation 122");
    rpt_doc_para(
        d, "Regulation 122(2) of the Community Infrastructure Levy "
           "Regulations 2010 (as amended) allows a planning obligation to "
           "be a reason for granting planning permission only if it is "
           "(a) necessary to make the development acceptable in planning "
           "terms, (b) directly related to the development, and (c) fairly "
           "and reasonably related in scale and kind to the development. "
           "The National Planning Policy Framework sets the same tests as "
           "policy for planning obligations.");
    if (!L->ask) {
        write_tests_not_met(d, L);
        return;
    }

    rpt_doc_para(d, "The ICB's request meets each of them.");

    write_test_a(d, L);
    write_test_b(d, L);
    write_test_c(d, L);
}

/* The financial contribution: the sum, per dwelling, and how it is
 * built up from rooms, floor area and cost. */
/* One row of the calculation table: step, figure, how. */
static void calc_row(rpt_doc *d, const char *step, const char *fig,
                     const char *how)
{
    rpt_doc_tr_begin(d, NULL);
    rpt_doc_td(d, "%s", step);
    rpt_doc_td(d, "%s", fig);
    rpt_doc_td(d, "%s", how ? how : "");
    rpt_doc_tr_end(d);
}

/* The ask's calculation as a short table, rounded as people read it:
 * rooms to 0.1, m2 and pounds per m2 whole, the ask to the pound. */
static void calc_table(rpt_doc *d, const letter *L)
{
    static const char *const heads[] = {"Step", "Figure", "How"};
    char how[512];

    rpt_doc_table_begin(d, heads, "lrl");
    snprintf(how, sizeof how, "by the %s method (section 3)", L->method);
    calc_row(d, "Rooms the new patients need", rpt_doc_num(d, L->gross, 1),
             how);
    if (L->use_spare) {
        char *sp = rpt_doc_ring(d);

        snprintf(sp, 96, "%s%s", L->spare_used > 0.05 ? MINUS : "",
                 rpt_doc_num(d, L->spare_used, 1));
        calc_row(d, "Spare rooms used", sp,
                 "at the practices with rooms to spare (section 3)");
    }
    calc_row(d, "Rooms still needed", rpt_doc_num(d, L->net, 1), NULL);
    {
        char *m2 = rpt_doc_ring(d);

        snprintf(m2, 96, "%s m\xc2\xb2", rpt_doc_num(d, L->m2, 0));
        calc_row(d, "Floor space", m2, L->m2_basis);
    }
    snprintf(how, sizeof how, "at %s%s%s", L->base_date,
             L->cost_source ? "; " : "", L->cost_source ? L->cost_source : "");
    calc_row(d, "Build cost per m\xc2\xb2", rpt_doc_gbp(d, L->base_gbp, 0),
             how);
    snprintf(how, sizeof how, "\xc3\x97 %s to %s%s%s",
             rpt_doc_trim(d, L->index_ratio, 4), L->date,
             L->index_basis ? "; " : "", L->index_basis ? L->index_basis : "");
    calc_row(d, "Build cost per m\xc2\xb2 today",
             rpt_doc_gbp(d, L->today_gbp, 0), how);
    snprintf(how, sizeof how, "with fees %s and contingency %s",
             rpt_doc_pct(d, L->fees, 1), rpt_doc_pct(d, L->contingency, 1));
    calc_row(d, "All-in cost per m\xc2\xb2", rpt_doc_gbp(d, L->all_in_gbp, 0),
             how);
    calc_row(d, "Contribution", rpt_doc_gbp(d, L->gbp, 0),
             "floor space x all-in cost, from the unrounded figures");
    snprintf(how, sizeof how, "over %s dwellings",
             rpt_doc_num(d, L->dwellings, 0));
    calc_row(d, "Per dwelling", rpt_doc_gbp(d, L->per_dwelling, -1), how);
    rpt_doc_table_end(d);
}

static void write_ask_capital(rpt_doc *d, const letter *L)
{
    rpt_doc_p_begin(d, NULL);
    rpt_doc_bold(d, "Financial contribution:");
    rpt_doc_txtf(
        d,
        " %s, which is %s per dwelling. The ICB asks that the "
        "obligation be expressed as %s per dwelling, so that it follows "
        "the number of homes finally approved (%s in this application).",
        rpt_doc_gbp(d, L->gbp, 0), rpt_doc_gbp(d, L->per_dwelling, -1),
        rpt_doc_gbp(d, L->per_dwelling, -1), rpt_doc_num(d, L->dwellings, 0));
    rpt_doc_p_end(d);
    rpt_doc_para(d, "How it is calculated (figures rounded; the "
                    "calculation in full is in appendix A):");
    calc_table(d, L);
}

/* The schemes the money would fund: the dataset's schemes in the places
 * of the practices that need rooms, or a statement that none is named. */
static void write_ask_schemes(rpt_doc *d, const letter *L)
{
    const cJSON *s;
    int n = L->schemes ? cJSON_GetArraySize(L->schemes) : 0, k = 0;

    rpt_doc_p_begin(d, NULL);
    rpt_doc_bold(d, n == 1 ? "Scheme:" : "Schemes:");
    if (!n) {
        rpt_doc_txt(d, " no scheme is named yet in ");
        if (rpt_letter_distinct(d, L, 1, 1, 1))
            rpt_letter_distinct(d, L, 1, 1, 0);
        else
            rpt_doc_txt(d, L->place ? L->place : "the place");
        rpt_doc_txt(d, "; the ICB will name the project the contribution "
                       "funds before it is spent, within the purpose above.");
        rpt_doc_p_end(d);
        return;
    }
    rpt_doc_txt(d, " the contribution would go towards ");
    cJSON_ArrayForEach(s, L->schemes)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "scheme_id");
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(s, "name");
        const cJSON *pl = cJSON_GetObjectItemCaseSensitive(s, "place");
        const cJSON *kd = cJSON_GetObjectItemCaseSensitive(s, "kind");
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(s, "status");
        const cJSON *rm = cJSON_GetObjectItemCaseSensitive(s, "rooms");

        if (k++)
            rpt_doc_txt(d, k == n ? " or " : ", ");
        rpt_doc_txtf(d, "%s (%s",
                     cJSON_IsString(nm) ? nm->valuestring : "a scheme",
                     cJSON_IsString(id) ? id->valuestring : "?");
        if (cJSON_IsString(pl))
            rpt_doc_txtf(d, ", %s", pl->valuestring);
        if (cJSON_IsString(kd)) {
            char w[64];

            snprintf(w, sizeof w, "%s", kd->valuestring);
            for (char *c = w; *c; c++)
                if (*c == '_')
                    *c = ' ';
            rpt_doc_txtf(d, "; %s", w);
        }
        if (cJSON_IsString(st))
            rpt_doc_txtf(d, ", %s", st->valuestring);
        if (cJSON_IsNumber(rm) && rm->valuedouble > 0)
            rpt_doc_txtf(d, ", %s rooms", rpt_doc_num(d, rm->valuedouble, 0));
        rpt_doc_txt(d, ")");
    }
    rpt_doc_txt(d, n == 1 ? ", the scheme the ICB's programme names in that "
                            "place."
                          : ", the schemes the ICB's programme names in those "
                            "places.");
    rpt_doc_p_end(d);
}

/* What the contribution is for: capacity at the practices (or their
 * networks) in their places. */
static void write_ask_purpose(rpt_doc *d, const letter *L)
{
    rpt_doc_p_begin(d, NULL);
    rpt_doc_bold(d, "Purpose:");
    rpt_doc_txt(d, " to increase primary care capacity (new, extended or "
                   "reconfigured premises) at ");
    rpt_letter_practice_names(d, L, 1);
    pcn_clause(d, L, ", or otherwise within");
    /* the practices' places: a site on a boundary draws on its neighbour */
    if (rpt_letter_distinct(d, L, 1, 1, 1)) {
        rpt_doc_txt(d, " in ");
        rpt_letter_distinct(d, L, 1, 1, 0);
    } else if (L->place) {
        rpt_doc_txtf(d, " in %s", L->place);
    }
    rpt_doc_txt(d, ", for the benefit of the development's residents.");
    rpt_doc_p_end(d);
}

void rpt_letter_ask(rpt_doc *d, const letter *L)
{
    if (!L->ask) {
        rpt_doc_heading(d, 2, "5. No contribution sought");
        rpt_doc_p_begin(d, NULL);
        rpt_doc_txt(d,
                    "No capital contribution is sought from this development");
        rpt_doc_txt(d, L->form_land ? ", and no land. Reason: " : ". Reason: ");
        rpt_letter_no_ask_reason(d, L);
        rpt_doc_txt(d,
                    " The ICB asks to be consulted again if the number or mix "
                    "of dwellings changes.");
        rpt_doc_p_end(d);
        return;
    }

    rpt_doc_heading(d, 2, "5. What the ICB asks for");
    if (L->ask_capital)
        write_ask_capital(d, L);
    if (L->ask_land) {
        rpt_doc_p_begin(d, NULL);
        rpt_doc_bold(d, "Land:");
        rpt_doc_txtf(
            d,
            " %s ha of serviced land within the site, transferred to the "
            "ICB or its nominee at nil cost for a primary care facility, "
            "with access and services to its boundary.",
            rpt_doc_trim(d, L->land_ha, 2));
        rpt_doc_p_end(d);
    }

    write_ask_purpose(d, L);
    write_ask_schemes(d, L);

    rpt_doc_p_begin(d, NULL);
    rpt_doc_bold(d, L->ask_capital ? "Payment:" : "Transfer:");
    rpt_doc_txt(d, " ");
    rpt_doc_txt(d, pc_buf_str(&L->triggers));
    rpt_doc_txt(d, ".");
    rpt_doc_p_end(d);

    if (L->ask_capital) {
        rpt_doc_p_begin(d, NULL);
        rpt_doc_bold(d, "Spend period:");
        rpt_doc_txtf(
            d,
            " %s years from receipt of each payment; any sum not spent or "
            "committed by then to be repaid to the payer with interest.",
            rpt_doc_trim(d, L->spend_years, 1));
        rpt_doc_p_end(d);
        rpt_doc_p_begin(d, NULL);
        rpt_doc_bold(d, "Indexation:");
        rpt_doc_txtf(
            d,
            " the sum is at prices of %s, the date of this assessment and "
            "its cost base; it should be index-linked from that date to the "
            "date of payment by the build cost index the agreement names.",
            L->date);
        rpt_doc_p_end(d);
    }
}

void rpt_letter_illustrative(rpt_doc *d, const letter *L)
{
    rpt_doc_heading(d, 2, "6. Illustrative values");
    if (!cJSON_GetArraySize(L->illustrative)) {
        rpt_doc_para(
            d, "No figure in this response relies on illustrative values.");
        return;
    }
    rpt_doc_note_begin(d, "note");
    rpt_doc_p_begin(d, NULL);
    rpt_doc_bold(d, "Illustrative figures: replace before sending.");
    rpt_doc_txt(d,
                " This response rests in part on illustrative values, "
                "placeholders in the dataset rather than the ICB's own data:");
    rpt_doc_p_end(d);
    rpt_letter_bullets(d, L->illustrative);
    rpt_doc_para(
        d, "The figures in this response are therefore illustrative. They "
           "must be replaced with the ICB's own data, and the assessment run "
           "again, before the response is sent.");
    rpt_doc_note_end(d);
}
