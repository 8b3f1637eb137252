/* ds_build_write.c: the built dataset on disk (datasets/FORMAT.md).
 *
 * Everything is written into a new folder beside the target
 * (OUT.tmp-XXXXXX), which is renamed to OUT once complete: a reader sees
 * no dataset or the whole one. Rows are in code order and numbers have
 * fixed decimals, so the same files give the same bytes. */
#include "ds_build_int.h"
#include "pc_buf.h"
#include "pc_file.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- CSV text ----------------------------------------------------------- */

/* A row of n fields. */
static pc_status csv_row(pc_buf *o, size_t n, const char *const *f)
{
    for (size_t i = 0; i < n; i++)
        if (pc_buf_csv(o, f[i] ? f[i] : "") ||
            pc_buf_puts(o, i + 1 == n ? "\n" : ","))
            return PC_ERR_NOMEM;
    return PC_OK;
}

static pc_status put(const char *dir, const char *name, const pc_buf *o,
                     pc_error *err)
{
    char path[4096];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    return pc_file_write_atomic(path, o->data ? o->data : "", o->len, err);
}

static int cmp_prac(const void *x, const void *y)
{
    return strcmp(((const bd_prac *)x)->code, ((const bd_prac *)y)->code);
}

/* --- the tables ------------------------------------------------------- */

/* A PCN as a pcns.csv row: code, name. */
typedef struct pcn_row {
    const char *f[2];
} pcn_row;

static int cmp_pcn(const void *x, const void *y)
{
    return strcmp(((const pcn_row *)x)->f[0], ((const pcn_row *)y)->f[0]);
}

/* pcns.csv: the practices' PCNs, once each, in code order. */
static pc_status write_pcns(bd_ctx *b, const char *dir, pc_error *err)
{
    pc_buf o = PC_BUF_INIT(PC_CAP_DOC);
    static const char *const head[] = {"pcn_code", "pcn_name"};
    pcn_row *v = calloc(b->nprac + 1, sizeof *v);
    size_t n = 0;
    pc_status rc = v ? csv_row(&o, 2, head) : PC_ERR_NOMEM;

    for (size_t i = 0; v && i < b->nprac; i++)
        if (b->prac[i].pcn_code)
            v[n++] = (pcn_row){{b->prac[i].pcn_code, b->prac[i].pcn_name}};
    if (v)
        qsort(v, n, sizeof *v, cmp_pcn);
    for (size_t i = 0; i < n && !rc; i++)
        if (!i || strcmp(v[i].f[0], v[i - 1].f[0])) {
            rc = csv_row(&o, 2, v[i].f);
            b->r->pcns++;
        }
    free(v);
    rc = rc ? PC_NOMEM(err) : put(dir, "pcns.csv", &o, err);
    pc_buf_free(&o);
    return rc;
}

static pc_status write_practices(bd_ctx *b, const char *dir, pc_error *err)
{
    pc_buf o = PC_BUF_INIT(PC_CAP_DOC), l = PC_BUF_INIT(PC_CAP_DOC);
    static const char *const head[] = {
        "practice_code", "practice_name", "postcode",     "pcn_code",
        "lad_code",      "easting",       "northing",     "pcn_name",
        "lad_name",      "place",         "sub_icb_code", "note"};
    static const char *const lhead[] = {"practice_code", "date", "patients"};
    pc_status rc = csv_row(&o, 12, head) || csv_row(&l, 3, lhead);

    for (size_t i = 0; i < b->nprac && !rc; i++) {
        const bd_prac *p = &b->prac[i];
        const bd_lad *d = &b->lads[p->lad];
        char e[32], n[32], pat[32];
        const char *note = p->located == 2
                               ? "illustrative location: a stand-in point "
                                 "inside the ICB (benchmark)"
                               : p->lad_note;
        const char *f[] = {p->code, p->name,  p->postcode, p->pcn_code,
                           d->code, e,        n,           p->pcn_name,
                           d->name, d->place, p->sub_icb,  note};
        const char *lf[] = {p->code, b->list_date, pat};

        snprintf(e, sizeof e, "%.0f", p->e);
        snprintf(n, sizeof n, "%.0f", p->n);
        snprintf(pat, sizeof pat, "%ld", p->patients);
        rc = csv_row(&o, 12, f) || csv_row(&l, 3, lf);
    }
    rc = rc ? PC_NOMEM(err) : put(dir, "practices.csv", &o, err);
    if (!rc)
        rc = put(dir, "list_sizes.csv", &l, err);
    pc_buf_free(&o);
    pc_buf_free(&l);
    return rc;
}

/* One premises row: i < nprac is a practice's main surgery, the rest are
 * branch surgeries. */
static pc_status premises_row(bd_ctx *b, pc_buf *o, size_t i,
                              const char *note_est)
{
    size_t np = b->nprac;
    const bd_rooms *r = &b->rooms[i];
    const bd_prac *p = &b->prac[i < np ? i : b->br[i - np].prac];
    char id[64], name[512], gia[32], c[16], t[16], ot[16], e[32], n[32];
    const char *postcode = i < np ? p->postcode : b->br[i - np].postcode;
    double x = i < np ? p->e : b->br[i - np].e;
    double y = i < np ? p->n : b->br[i - np].n;
    const char *ill = r->given ? ""
                               : "rooms_consult;rooms_treatment;"
                                 "rooms_other;tenure";
    const char *f[18];

    if (i < np) {
        snprintf(id, sizeof id, "MAIN-%s", p->code);
        snprintf(name, sizeof name, "%s", p->name);
    } else {
        snprintf(id, sizeof id, "BR-%s", b->br[i - np].code);
        snprintf(name, sizeof name, "%s (branch of %s)", b->br[i - np].name,
                 p->name);
    }
    gia[0] = '\0';
    if (!isnan(r->gia_m2))
        snprintf(gia, sizeof gia, "%.0f", r->gia_m2);
    snprintf(c, sizeof c, "%ld", r->consult);
    snprintf(t, sizeof t, "%ld", r->treatment);
    snprintf(ot, sizeof ot, "%ld", r->other);
    snprintf(e, sizeof e, "%.0f", x);
    snprintf(n, sizeof n, "%.0f", y);
    f[0] = id, f[1] = name, f[2] = postcode;
    f[3] = i < np ? "main" : "branch", f[4] = "other", f[5] = gia;
    f[6] = "", f[7] = c, f[8] = t, f[9] = ot, f[10] = "", f[11] = "";
    f[12] = p->code, f[13] = e, f[14] = n, f[15] = b->lads[p->lad].code;
    f[16] = r->given ? "rooms from the ICB's premises_rooms.csv" : note_est;
    f[17] = ill;
    return csv_row(o, 18, f);
}

static pc_status write_premises(bd_ctx *b, const char *dir,
                                const char *note_est, pc_error *err)
{
    pc_buf o = PC_BUF_INIT(PC_CAP_DOC);
    static const char *const head[] = {
        "premises_id", "name",          "postcode",
        "site_type",   "tenure",        "gia_m2",
        "condition",   "rooms_consult", "rooms_treatment",
        "rooms_other", "backlog_gbp",   "void_m2",
        "practices",   "easting",       "northing",
        "lad_code",    "note",          "illustrative"};
    pc_status rc = csv_row(&o, 18, head);

    for (size_t i = 0; i < b->nprac + b->nbr && !rc; i++)
        rc = premises_row(b, &o, i, note_est);
    rc = rc ? PC_NOMEM(err) : put(dir, "premises.csv", &o, err);
    pc_buf_free(&o);
    return rc;
}

static pc_status write_stats(bd_ctx *b, const char *dir, pc_error *err)
{
    pc_buf o = PC_BUF_INIT(PC_CAP_DOC), s = PC_BUF_INIT(PC_CAP_DOC);
    pc_status rc = pc_buf_puts(&o, "lad_code,year,population\n") ||
                   pc_buf_puts(&s, "lsoa_code,lad_code,imd_score,population\n");

    for (size_t i = 0; i < b->nproj && !rc; i++)
        rc = pc_buf_printf(&o, "%s,%d,%.3f\n", b->lads[b->proj[i].lad].code,
                           b->proj[i].year, b->proj[i].population);
    for (size_t i = 0; i < b->nlsoa && !rc; i++)
        rc = pc_buf_printf(&s, "%s,%s,%.3f,%ld\n", b->lsoa[i].code,
                           b->lads[b->lsoa[i].lad].code, b->lsoa[i].imd,
                           b->lsoa[i].population);
    if (rc)
        rc = PC_NOMEM(err);
    else if (b->nproj)
        rc = put(dir, "lad_projections.csv", &o, err);
    if (!rc && b->nlsoa)
        rc = put(dir, "lsoas.csv", &s, err);
    pc_buf_free(&o);
    pc_buf_free(&s);
    return rc;
}

pc_status bd_text(const char *dir, const char *name, const char *text,
                  pc_error *err)
{
    char path[4096];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    return pc_file_write_atomic(path, text, strlen(text), err);
}

static int cmp_pcode(const void *x, const void *y)
{
    return strcmp(((const bd_pcode *)x)->pc, ((const bd_pcode *)y)->pc);
}

/* postcodes.csv: the live postcodes inside the ICB, each once, in order. */
static pc_status write_postcodes(bd_ctx *b, const char *dir, pc_error *err)
{
    pc_buf o = PC_BUF_INIT(PC_CAP_DOC);
    pc_status rc = pc_buf_puts(&o, "postcode,easting,northing\n");
    size_t n = 0;

    qsort(b->pcodes, b->npcodes, sizeof *b->pcodes, cmp_pcode);
    for (size_t i = 0; i < b->npcodes && !rc; i++)
        if (!i || strcmp(b->pcodes[i].pc, b->pcodes[i - 1].pc)) {
            rc = pc_buf_printf(&o, "%s,%.0f,%.0f\n", b->pcodes[i].pc,
                               b->pcodes[i].e, b->pcodes[i].n);
            n++;
        }
    b->npcodes = n;
    rc = rc ? PC_NOMEM(err) : put(dir, "postcodes.csv", &o, err);
    pc_buf_free(&o);
    return rc;
}

/* --- GeoJSON and the manifest ----------------------------------------- */

static cJSON *feature(const cJSON *src, const char *code, const char *name,
                      const char *place)
{
    cJSON *f = cJSON_CreateObject(), *p = cJSON_CreateObject();
    cJSON *g =
        cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(src, "geometry"), 1);

    if (!f || !p || !g) {
        cJSON_Delete(f);
        cJSON_Delete(p);
        cJSON_Delete(g);
        return NULL;
    }
    cJSON_AddStringToObject(f, "type", "Feature");
    cJSON_AddStringToObject(p, "code", code);
    cJSON_AddStringToObject(p, "name", name);
    if (place)
        cJSON_AddStringToObject(p, "place", place);
    cJSON_AddItemToObject(f, "properties", p);
    cJSON_AddItemToObject(f, "geometry", g);
    return f;
}

static pc_status write_collection(const char *dir, const char *name,
                                  cJSON *feats, pc_error *err)
{
    cJSON *doc = cJSON_CreateObject();
    char *text;
    pc_status rc;

    if (!doc || !feats) {
        cJSON_Delete(doc);
        cJSON_Delete(feats);
        return PC_NOMEM(err);
    }
    cJSON_AddStringToObject(doc, "type", "FeatureCollection");
    cJSON_AddItemToObject(doc, "features", feats);
    text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    if (!text)
        return PC_NOMEM(err);
    rc = bd_text(dir, name, text, err);
    cJSON_free(text);
    return rc;
}

/* catchments.geojson: each practice's catchment, in BNG metres. */
static pc_status write_catchments(bd_ctx *b, const char *dir, pc_error *err)
{
    cJSON *feats = cJSON_CreateArray();
    pc_status rc = feats ? PC_OK : PC_NOMEM(err);

    for (size_t i = 0; i < b->nprac && !rc; i++) {
        cJSON *f, *p, *g = NULL;

        if (!b->prac[i].catch.data)
            continue;
        if ((rc = geo_wkb_geojson(b->g, &b->prac[i].catch, 1.0, &g, err)))
            break;
        f = cJSON_CreateObject();
        p = cJSON_CreateObject();
        if (!f || !p) {
            cJSON_Delete(f);
            cJSON_Delete(p);
            cJSON_Delete(g);
            rc = PC_NOMEM(err);
            break;
        }
        cJSON_AddStringToObject(f, "type", "Feature");
        cJSON_AddStringToObject(p, "practice_code", b->prac[i].code);
        cJSON_AddItemToObject(f, "properties", p);
        cJSON_AddItemToObject(f, "geometry", g);
        cJSON_AddItemToArray(feats, f);
    }
    if (rc) {
        cJSON_Delete(feats);
        return rc;
    }
    return write_collection(dir, "catchments.geojson", feats, err);
}

static pc_status write_geo(bd_ctx *b, const char *dir, pc_error *err)
{
    cJSON *icb = cJSON_CreateArray(), *lads = cJSON_CreateArray();
    cJSON *f = feature(b->icb_feat, b->r->icb_gss, b->r->icb_name, NULL);
    pc_status rc;

    if (!icb || !f) {
        cJSON_Delete(icb);
        cJSON_Delete(f);
        cJSON_Delete(lads);
        return PC_NOMEM(err);
    }
    cJSON_AddItemToArray(icb, f);
    for (size_t l = 0; lads && l < b->nlads; l++) {
        f = feature(b->lads[l].feat, b->lads[l].code, b->lads[l].name,
                    b->lads[l].place);
        if (!f) {
            cJSON_Delete(lads);
            lads = NULL;
        } else
            cJSON_AddItemToArray(lads, f);
    }
    rc = write_collection(dir, "icb.geojson", icb, err);
    if (rc) {
        cJSON_Delete(lads);
        return rc;
    }
    return write_collection(dir, "lads.geojson", lads, err);
}

static void add_file(cJSON *files, const char *key, const char *path,
                     const char *crs)
{
    cJSON *o = cJSON_AddObjectToObject(files, key);

    if (!o)
        return;
    cJSON_AddStringToObject(o, "path", path);
    if (crs)
        cJSON_AddStringToObject(o, "crs", crs);
}

static const char *crs_name(geo_crs c)
{
    return c == GEO_CRS_BNG ? "EPSG:27700" : "EPSG:4326";
}

/* The dataset's short name: the ICB's name without "NHS" and "Integrated
 * Care Board", in lower case with dashes ("coventry-and-warwickshire"). */
static const char *short_name(bd_ctx *b)
{
    const char *s = b->r->icb_name;
    char *out = pc_arena_calloc(b->r->a, strlen(s) + 1, 1), *o = out;
    const char *end = strstr(s, " Integrated Care Board");

    if (!out)
        return NULL;
    if (!strncmp(s, "NHS ", 4))
        s += 4;
    if (!end)
        end = s + strlen(s);
    for (; s < end; s++) {
        int c = (unsigned char)*s;

        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            *o++ = (char)c;
        else if (c >= 'A' && c <= 'Z')
            *o++ = (char)(c - 'A' + 'a');
        else if (o > out && o[-1] != '-')
            *o++ = '-';
    }
    while (o > out && o[-1] == '-')
        o--;
    *o = '\0';
    return out;
}

static pc_status write_manifest(bd_ctx *b, const char *dir, pc_error *err)
{
    cJSON *m = cJSON_CreateObject(), *methods, *att, *files;
    char *text;
    pc_status rc;
    static const char *const attribution[] = {
        "Contains public sector information licensed under the Open "
        "Government Licence v3.0",
        "Source: Office for National Statistics licensed under the Open "
        "Government Licence v.3.0. Contains OS data © Crown copyright and "
        "database right",
        "Contains OS data © Crown copyright and database right; Contains "
        "Royal Mail data © Royal Mail copyright and database right; Contains "
        "National Statistics data © Crown copyright and database right"};

    b->r->name = short_name(b);
    if (!m || !b->r->name)
        goto nomem;
    cJSON_AddStringToObject(m, "format", "pcplan-dataset/1");
    cJSON_AddStringToObject(m, "name", b->r->name);
    cJSON_AddStringToObject(m, "title", b->r->icb_name);
    cJSON_AddNumberToObject(m, "base_year", b->r->base_year);
    methods = cJSON_AddObjectToObject(m, "methods");
    att = cJSON_AddArrayToObject(m, "attribution");
    files = cJSON_AddObjectToObject(m, "files");
    if (!methods || !att || !files)
        goto nomem;
    cJSON_AddStringToObject(methods, "growth", "gp_fte");
    cJSON_AddStringToObject(methods, "capacity", "activity");
    for (size_t i = 0; i < sizeof attribution / sizeof *attribution; i++)
        cJSON_AddItemToArray(att, cJSON_CreateString(attribution[i]));
    add_file(files, "system", "icb.geojson", crs_name(b->crs[BD_ICB_GEO]));
    add_file(files, "lads", "lads.geojson", crs_name(b->crs[BD_LAD_GEO]));
    add_file(files, "pcns", "pcns.csv", NULL);
    add_file(files, "practices", "practices.csv", "EPSG:27700");
    add_file(files, "list_sizes", "list_sizes.csv", NULL);
    add_file(files, "premises", "premises.csv", "EPSG:27700");
    add_file(files, "assumptions", "assumptions.csv", NULL);
    add_file(files, "presets", "presets.csv", NULL);
    if (b->nproj)
        add_file(files, "projections", "lad_projections.csv", NULL);
    if (b->nlsoa)
        add_file(files, "lsoas", "lsoas.csv", NULL);
    if (b->r->catchments)
        add_file(files, "catchments", "catchments.geojson", "EPSG:27700");
    if (b->npcodes)
        add_file(files, "postcodes", "postcodes.csv", NULL);
    text = cJSON_Print(m);
    cJSON_Delete(m);
    if (!text)
        return PC_NOMEM(err);
    rc = bd_text(dir, "dataset.json", text, err);
    cJSON_free(text);
    return rc;
nomem:
    cJSON_Delete(m);
    return PC_NOMEM(err);
}

/* --- the folder --------------------------------------------------------- */

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[4096];

    if (d) {
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) <
                    (int)sizeof p)
                    unlink(p);
            }
        closedir(d);
    }
    rmdir(dir);
}

static pc_status write_all(bd_ctx *b, const char *dir, pc_error *err)
{
    char note[256];
    pc_status rc;

    qsort(b->prac, b->nprac, sizeof *b->prac, cmp_prac);
    for (size_t i = 0; i < b->nbr; i++) /* branch -> practice after sort */
        for (size_t j = 0; j < b->nprac; j++)
            if (!strcmp(b->prac[j].code, b->br[i].parent))
                b->br[i].prac = j;
    snprintf(note, sizeof note,
             "rooms estimated from the practice's list (assumptions "
             "est_patients_per_consult_room, _treatment_room, _other_room)");
    if ((rc = write_geo(b, dir, err)) || (rc = write_pcns(b, dir, err)) ||
        (rc = write_practices(b, dir, err)) ||
        (rc = write_premises(b, dir, note, err)) ||
        (rc = write_stats(b, dir, err)) ||
        (rc = bd_text(dir, "assumptions.csv", ds_build_assumptions_csv, err)) ||
        (rc = bd_text(dir, "presets.csv", ds_build_presets_csv, err)) ||
        (b->r->catchments && (rc = write_catchments(b, dir, err))) ||
        (b->npcodes && (rc = write_postcodes(b, dir, err))) ||
        (rc = write_manifest(b, dir, err)))
        return rc;
    return bd_data_md(b, dir, err);
}

pc_status bd_write(bd_ctx *b, const char *out, pc_error *err)
{
    char tmp[4096];
    pc_status rc;

    if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", out) >= (int)sizeof tmp)
        return PC_FAIL(err, PC_ERR_INPUT, "%s: path too long", out);
    if (!mkdtemp(tmp))
        return PC_FAIL(err, PC_ERR_IO, "cannot make a folder beside %s: %s",
                       out, strerror(errno));
    rc = chmod(tmp, 0755)
             ? PC_FAIL(err, PC_ERR_IO, "%s: %s", tmp, strerror(errno))
             : write_all(b, tmp, err);
    if (!rc && rename(tmp, out))
        rc = PC_FAIL(err, PC_ERR_IO, "cannot rename %s to %s: %s", tmp, out,
                     strerror(errno));
    if (rc)
        remove_dir(tmp);
    return rc;
}
