/* ds_build_doc.c: DATA.md of a built dataset: which national files it
 * came from, what was counted, what is estimated and why, and the
 * builder's warnings. */
#include "ds_build_int.h"
#include "pc_buf.h"

static const char *src(const bd_ctx *b, int kind)
{
    return b->path[kind] ? bd_base(b->path[kind]) : "(not in the folder)";
}

static pc_status sources(const bd_ctx *b, pc_buf *o)
{
    pc_status rc = pc_buf_printf(
        o,
        "## Sources\n\n"
        "Built by `pcplan dataset build` from these files of the folder "
        "given:\n\n"
        "| what | file | publisher |\n|---|---|---|\n"
        "| registered patients (totals) | %s | NHS England |\n"
        "| practice to PCN, sub-ICB and ICB | %s | NHS England |\n"
        "| practice status | %s | NHS England ODS (epraccur) |\n"
        "| branch surgeries | %s | NHS England ODS (ebranchs) |\n"
        "| ICB boundaries | %s | ONS Open Geography Portal |\n"
        "| LAD boundaries | %s | ONS Open Geography Portal |\n"
        "| population projections | %s | ONS, 2022-based SNPP |\n"
        "| deprivation | %s | MHCLG, English Indices of Deprivation |\n"
        "| LSOA population | %s | ONS, Census 2021 |\n"
        "| patients by LSOA | %s | NHS England |\n"
        "| LSOA boundaries | %s | ONS Open Geography Portal |\n",
        src(b, BD_REG), src(b, BD_MAP), src(b, BD_EPRACCUR),
        src(b, BD_EBRANCHS), src(b, BD_ICB_GEO), src(b, BD_LAD_GEO),
        src(b, BD_SNPP), src(b, BD_IMD), src(b, BD_CENSUS), src(b, BD_REG_LSOA),
        src(b, BD_LSOA_GEO));

    for (size_t i = 0; i < b->npc && !rc; i++)
        rc = pc_buf_printf(o, "| postcode centroids | %s | %s |\n",
                           bd_base(b->pc_path[i]),
                           b->pc_layout[i] == BD_PC_ONSPD
                               ? "ONS (ONSPD or NSPL)"
                               : "Ordnance Survey, Code-Point Open");
    return rc;
}

static pc_status counts(const bd_ctx *b, pc_buf *o)
{
    const ds_build_result *r = b->r;

    return pc_buf_printf(
        o,
        "\n## What it holds\n\n"
        "- %zu practices with %ld registered patients on %s (the totals' "
        "extract date; base year %d); %zu left out as closed, %zu whose "
        "postcode no file covers;\n"
        "- %zu PCNs (a practice whose PCN code is `U` or that the map no "
        "longer lists is unallocated: no PCN);\n"
        "- %zu LADs in %zu places (a LAD is the ICB's when at least half its "
        "area lies inside the ICB's boundary, or a twentieth and one of its "
        "practices; a place is named by the ICB's places file, else it is "
        "the LAD);\n"
        "- %zu premises (each practice's main surgery at its postcode, and "
        "its open branch surgeries); %zu LADs with a projection; %zu "
        "LSOAs;\n"
        "- %zu practice catchments: the LSOAs where the practice's patients "
        "live, from the most patients down until they hold 90%% of them "
        "(gp-reg-pat-prac-lsoa-all.csv), merged;\n"
        "- %zu postcode centroids (postcodes.csv): the live postcodes of the "
        "postcode files inside the ICB's boundary, for a site given by its "
        "postcode.\n",
        r->practices, r->patients, r->list_date, r->base_year, r->closed,
        r->unmatched, r->pcns, r->lads, r->places, r->premises,
        r->lads_projected, r->lsoas, r->catchments, b->npcodes);
}

static pc_status estimated(const bd_ctx *b, pc_buf *o)
{
    return pc_buf_printf(
        o,
        "\n## Estimated figures\n\n"
        "Rooms per premises are not open data (they are in SHAPE). %zu of "
        "the %zu premises have rooms estimated from their practice's list "
        "at the patients per room of `est_patients_per_consult_room`, "
        "`est_patients_per_treatment_room` and `est_patients_per_other_room` "
        "(assumptions.csv: the Coventry and Warwickshire strategy's rooms "
        "over its patients), shared evenly between a practice's buildings. "
        "They are marked in the `illustrative` column of premises.csv, with "
        "their tenure (not published: `other`), and shown as illustrative "
        "wherever they appear. With estimated rooms every practice's gap "
        "today is near nought by construction: the growth rooms are "
        "evidence, the gap is not. The ICB's own counts replace them "
        "through its premises_rooms.csv.\n\n"
        "assumptions.csv and presets.csv are pcplan's national register: "
        "each value names its source, and several are marked illustrative "
        "there.\n",
        b->r->rooms_estimated, b->r->premises);
}

pc_status bd_data_md(bd_ctx *b, const char *dir, pc_error *err)
{
    pc_buf o = PC_BUF_INIT(PC_CAP_DOC);
    const ds_build_result *r = b->r;
    pc_status rc = pc_buf_printf(&o, "# %s (%s, %s)\n\n", r->icb_name,
                                 r->icb_ods, r->icb_gss);

    if (!rc)
        rc = sources(b, &o);
    if (!rc)
        rc = counts(b, &o);
    if (!rc)
        rc = estimated(b, &o);
    if (!rc && r->warnings.count)
        rc = pc_buf_puts(&o, "\n## Warnings of the build\n\n");
    for (size_t i = 0; i < r->warnings.count && !rc; i++)
        rc = pc_buf_printf(&o, "- %s\n", r->warnings.items[i]);
    if (!rc)
        rc = pc_buf_puts(
            &o, "\n## Licences\n\n"
                "All files are published under the Open Government Licence "
                "v3.0 (OS Code-Point Open under OS OpenData terms, "
                "compatible with it); the attributions are in "
                "dataset.json.\n");
    rc = rc ? PC_NOMEM(err) : bd_text(dir, "DATA.md", pc_buf_str(&o), err);
    pc_buf_free(&o);
    return rc;
}

/* --- the report of a build --------------------------------------------- */

static pc_status report_json(const ds_build_result *r, pc_buf *b, pc_error *err)
{
    cJSON *d = cJSON_CreateObject(), *icb, *c, *w;
    char *text;
    pc_status rc;

    if (!d)
        return PC_NOMEM(err);
    cJSON_AddStringToObject(d, "format", "pcplan-dataset-build/1");
    icb = cJSON_AddObjectToObject(d, "icb");
    cJSON_AddStringToObject(icb, "ods", r->icb_ods);
    cJSON_AddStringToObject(icb, "gss", r->icb_gss);
    cJSON_AddStringToObject(icb, "name", r->icb_name);
    cJSON_AddStringToObject(d, "name", r->name);
    cJSON_AddStringToObject(d, "list_date", r->list_date);
    cJSON_AddNumberToObject(d, "base_year", r->base_year);
    c = cJSON_AddObjectToObject(d, "counts");
    cJSON_AddNumberToObject(c, "practices", (double)r->practices);
    cJSON_AddNumberToObject(c, "patients", (double)r->patients);
    cJSON_AddNumberToObject(c, "closed", (double)r->closed);
    cJSON_AddNumberToObject(c, "unmatched", (double)r->unmatched);
    cJSON_AddNumberToObject(c, "pcns", (double)r->pcns);
    cJSON_AddNumberToObject(c, "lads", (double)r->lads);
    cJSON_AddNumberToObject(c, "places", (double)r->places);
    cJSON_AddNumberToObject(c, "premises", (double)r->premises);
    cJSON_AddNumberToObject(c, "rooms_estimated", (double)r->rooms_estimated);
    cJSON_AddNumberToObject(c, "lads_projected", (double)r->lads_projected);
    cJSON_AddNumberToObject(c, "lsoas", (double)r->lsoas);
    cJSON_AddNumberToObject(c, "catchments", (double)r->catchments);
    w = cJSON_AddArrayToObject(d, "warnings");
    for (size_t i = 0; w && i < r->warnings.count; i++)
        cJSON_AddItemToArray(w, cJSON_CreateString(r->warnings.items[i]));
    text = cJSON_Print(d);
    cJSON_Delete(d);
    if (!text)
        return PC_NOMEM(err);
    rc = pc_buf_puts(b, text) || pc_buf_puts(b, "\n") ? PC_NOMEM(err) : PC_OK;
    cJSON_free(text);
    return rc;
}

pc_status ds_build_report(const ds_build_result *r, int json, pc_buf *b,
                          pc_error *err)
{
    if (json)
        return report_json(r, b, err);
    if (pc_buf_printf(
            b,
            "%s (%s, %s): dataset \"%s\", lists of %s (base year %d)\n"
            "  practices  %zu (%ld patients; %zu closed left out, %zu with "
            "no postcode match)\n"
            "  PCNs       %zu\n"
            "  LADs       %zu in %zu places (%zu with an SNPP projection)\n"
            "  premises   %zu (rooms estimated for %zu)\n"
            "  LSOAs      %zu\n"
            "  catchments %zu\n"
            "  warnings   %zu\n",
            r->icb_name, r->icb_ods, r->icb_gss, r->name, r->list_date,
            r->base_year, r->practices, r->patients, r->closed, r->unmatched,
            r->pcns, r->lads, r->places, r->lads_projected, r->premises,
            r->rooms_estimated, r->lsoas, r->catchments, r->warnings.count))
        return PC_NOMEM(err);
    return PC_OK;
}
