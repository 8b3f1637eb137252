/* test_export_xlsx.c: the workbook export (see test_export.c for the
 * documents): a zip whose entries are read back with zlib: one sheet per
 * table after "about", "=1+1" a string and no formula anywhere, the
 * creation date the dataset's, and the same bytes from two runs; then
 * what an analyst sees: each cell's number format resolved through
 * xl/styles.xml (money, rooms, shares, counts, years), dates as Excel
 * dates, worded headers with the column's name as the header's note, the
 * frozen header row, the autofilter and the column widths. */
#include "pc_error.h"
#include "test_export.h"

#include <math.h>

/* --- XLSX --------------------------------------------------------------- */

static unsigned u16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* The entry called name of the zip z, inflated and NUL-terminated
 * (free()); NULL when absent. With name NULL, counts the entries whose
 * names match the pattern "xl/worksheets/sheet%d.xml" instead. */
static char *zip_entry(const unsigned char *z, size_t n, const char *name,
                       int *nsheets)
{
    size_t eocd = n >= 22 ? n - 22 : 0, off;
    unsigned entries;

    while (eocd > 0 && u32(z + eocd) != 0x06054b50)
        eocd--;
    if (u32(z + eocd) != 0x06054b50)
        return NULL;
    entries = u16(z + eocd + 10);
    off = u32(z + eocd + 16);
    for (unsigned i = 0; i < entries && off + 46 <= n; i++) {
        unsigned method = u16(z + off + 10), nl = u16(z + off + 28);
        size_t csize = u32(z + off + 20), usize = u32(z + off + 24);
        size_t local = u32(z + off + 42), data;
        const char *nm = (const char *)z + off + 46;
        char *out;
        z_stream zs;

        off += 46 + nl + u16(z + off + 30) + u16(z + off + 32);
        if (!name) {
            int k;
            char tail;

            if (sscanf(nm, "xl/worksheets/sheet%d.xm%c", &k, &tail) == 2 &&
                tail == 'l')
                ++*nsheets;
            continue;
        }
        if (strlen(name) != nl || memcmp(nm, name, nl))
            continue;
        data = local + 30 + u16(z + local + 26) + u16(z + local + 28);
        out = malloc(usize + 1);
        if (!out || data + csize > n)
            return out;
        if (method == 0) {
            memcpy(out, z + data, usize);
        } else {
            memset(&zs, 0, sizeof zs);
            inflateInit2(&zs, -MAX_WBITS);
            zs.next_in = (unsigned char *)z + data;
            zs.avail_in = (uInt)csize;
            zs.next_out = (unsigned char *)out;
            zs.avail_out = (uInt)usize;
            CHECK(inflate(&zs, Z_FINISH) == Z_STREAM_END);
            inflateEnd(&zs);
        }
        out[usize] = '\0';
        return out;
    }
    return NULL;
}

/* --- number formats ------------------------------------------------------ */

/* The column letters of the header whose note is name, in the comments
 * of sheet (1-based); "" when none. */
static void col_of(const unsigned char *z, size_t n, int sheet,
                   const char *name, char *col, size_t len)
{
    char entry[64], want[128], *c, *at, *ref;

    snprintf(entry, sizeof entry, "xl/comments%d.xml", sheet);
    c = zip_entry(z, n, entry, NULL);
    snprintf(want, sizeof want, "<t>%s</t>", name);
    at = c ? strstr(c, want) : NULL;
    col[0] = '\0';
    for (ref = at; ref && ref > c && strncmp(ref, "<comment ref=\"", 14);)
        ref--;
    if (ref && ref > c)
        sscanf(ref + 14, "%15[A-Z]", col);
    CHECK(col[0] != '\0' && strlen(col) < len);
    free(c);
}

/* The format code of style index s: its <xf> in <cellXfs>, its numFmtId,
 * then that id's <numFmt> (or "General" for 0). Owned by the caller. */
static char *format_of(const char *styles, int s)
{
    const char *p = styles ? strstr(styles, "<cellXfs") : NULL;
    char want[64], code[128] = "";
    int id = -1;

    for (int i = 0; p && i <= s; i++) {
        p = strstr(p + 1, "<xf ");
    }
    if (p)
        sscanf(strstr(p, "numFmtId=\""), "numFmtId=\"%d", &id);
    if (id == 0)
        return strdup("General");
    snprintf(want, sizeof want, "<numFmt numFmtId=\"%d\" formatCode=\"", id);
    p = styles ? strstr(styles, want) : NULL;
    if (p)
        sscanf(p + strlen(want), "%127[^\"]", code);
    return strdup(code);
}

/* Cell ref of sheet: its format code (owned), whether it is text (t="s")
 * and its value. */
static char *cell_of(const char *sheet, const char *styles, const char *ref,
                     int *text, double *v)
{
    char want[48];
    const char *c, *end;
    int s = 0;

    snprintf(want, sizeof want, "<c r=\"%.16s\"", ref);
    c = sheet ? strstr(sheet, want) : NULL;
    CHECK(c != NULL);
    if (!c)
        return NULL;
    end = strstr(c, "</c>");
    *text = strstr(c, " t=\"") && strstr(c, " t=\"") < end;
    if (strstr(c, " s=\"") && strstr(c, " s=\"") < end)
        sscanf(strstr(c, " s=\""), " s=\"%d", &s);
    *v = strstr(c, "<v>") ? strtod(strstr(c, "<v>") + 3, NULL) : NAN;
    return format_of(styles, s);
}

/* Column name of sheet, row: a number with format fmt and (unless NAN)
 * value v. */
static void check_number(const unsigned char *z, size_t n, int sheet,
                         const char *name, int row, const char *fmt, double v)
{
    char col[16], ref[32], entry[64], *xml, *styles, *got;
    double val = NAN;
    int text = 0;

    col_of(z, n, sheet, name, col, sizeof col);
    snprintf(ref, sizeof ref, "%s%d", col, row);
    snprintf(entry, sizeof entry, "xl/worksheets/sheet%d.xml", sheet);
    xml = zip_entry(z, n, entry, NULL);
    styles = zip_entry(z, n, "xl/styles.xml", NULL);
    got = cell_of(xml, styles, ref, &text, &val);
    if (!got || strcmp(got, fmt))
        fprintf(stderr, "sheet %d, %s (%s): format \"%s\", expected \"%s\"\n",
                sheet, name, ref, got ? got : "?", fmt);
    CHECK(got && !strcmp(got, fmt));
    CHECK(!text);
    if (!isnan(v))
        CHECK_NEAR(val, v, 1e-9);
    free(got);
    free(styles);
    free(xml);
}

/* Every sheet: header row frozen, autofilter from A1, widths set. */
static void check_layout(const unsigned char *z, size_t n)
{
    char name[64];

    for (int i = 1; i <= NFILES; i++) {
        char *sheet;

        snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", i);
        sheet = zip_entry(z, n, name, NULL);
        CHECK_HAS(sheet, "<autoFilter ref=\"A1:");
        CHECK_HAS(sheet, "customWidth=\"1\"");
        CHECK_HAS(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" "
                         "activePane=\"bottomLeft\" state=\"frozen\"/>");
        free(sheet);
    }
}

static void check_xlsx(const char *dir, const char *title_has, const int *rows)
{
    size_t n = 0;
    unsigned char *z = (unsigned char *)file_in(dir, "pcplan.xlsx", &n);
    char *wb, *core, *ss, name[64], path[4096], *prev = NULL;
    int nsheets = 0;

    CHECK(z && n > 4 && !memcmp(z, "PK\3\4", 4));
    if (!z)
        return;
    zip_entry(z, n, NULL, &nsheets);
    CHECK(nsheets == NFILES);
    wb = zip_entry(z, n, "xl/workbook.xml", NULL);
    CHECK_HAS(wb, "<sheet name=\"about\" sheetId=\"1\"");
    for (int i = 0; wb && i < NFILES; i++) { /* in order */
        char *at;

        snprintf(name, sizeof name, "<sheet name=\"%s\"", tables[i]);
        at = strstr(wb, name);
        CHECK(at && (!prev || at > prev));
        prev = at;
    }
    free(wb);
    core = zip_entry(z, n, "docProps/core.xml", NULL);
    CHECK_HAS(core, ">2026-04-01T00:00:00Z</dcterms:created>");
    CHECK_HAS(core, title_has);
    free(core);
    ss = zip_entry(z, n, "xl/sharedStrings.xml", NULL);
    CHECK(ss != NULL);
    for (int i = 1; i <= NFILES; i++) {
        char *sheet;

        snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", i);
        sheet = zip_entry(z, n, name, NULL);
        CHECK(sheet && !strstr(sheet, "<f>")); /* no formulas */
        CHECK_HAS(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" "
                         "activePane=\"bottomLeft\" state=\"frozen\"/>");
        if (i == 9) /* schemes: booleans are booleans */
            CHECK_HAS(sheet, "t=\"b\"");
        free(sheet);
    }
    free(ss);
    free(z);
    snprintf(path, sizeof path, "%s/pcplan.xlsx", dir);
    check_ogrinfo(path, rows, 0);
}

static void hand_xlsx(void)
{
    cJSON *doc = load_hand();
    char *a = scratch(), *b = scratch(), *za, *zb, *ss;
    size_t la = 0, lb = 0, n = 0;
    pc_error err = {0};

    CHECK(run_export(doc, RPT_EXPORT_XLSX, a, &n, &err) == PC_OK);
    CHECK(n == 1);
    CHECK(run_export(doc, RPT_EXPORT_XLSX, b, NULL, &err) == PC_OK);
    check_xlsx(a,
               "<dc:title>Hand-made bundle: Café, \"quotes\" and "
               "=1+1</dc:title>",
               hand_rows);
    za = file_in(a, "pcplan.xlsx", &la);
    zb = file_in(b, "pcplan.xlsx", &lb);
    CHECK(za && zb && la == lb && !memcmp(za, zb, la)); /* same bytes */
    ss = za ? zip_entry((unsigned char *)za, la, "xl/sharedStrings.xml", NULL)
            : NULL;
    CHECK_HAS(ss, "<t>=1+1</t>");
    CHECK_HAS(ss, "<t>Line one\nLine two</t>");
    /* headers in words; the names are the notes (col_of) */
    CHECK_HAS(ss, "<t>Ask (GBP)</t>");
    CHECK_HAS(ss, "<t>Rooms needed</t>");
    CHECK_HAS(ss, "<t>List date</t>");
    CHECK(!strstr(ss ? ss : "", "<t>contribution_gbp</t>"));
    free(ss);
    if (za) {
        const unsigned char *z = (const unsigned char *)za;

        check_layout(z, la);
        /* sites (sheet 7), CW-HO in row 2 */
        check_number(z, la, 7, "contribution_gbp", 2, "£#,##0", 527343.75);
        check_number(z, la, 7, "rooms_needed", 2, "0.0", 1.25);
        check_number(z, la, 7, "dwellings", 2, "#,##0", 1000);
        check_number(z, la, 7, "area_ha", 2, "#,##0.00", 12.35);
        check_number(z, la, 7, "trajectory_start", 2, "0", 2025);
        check_number(z, la, 7, "e", 2, "0.0", 452000);
        /* dates are Excel's: days since 1899-12-30 */
        check_number(z, la, 5, "list_date", 2, "yyyy-mm-dd", 46113);
        check_number(z, la, 10, "spend_by", 2, "yyyy-mm-dd", 49490);
        check_number(z, la, 10, "amount_gbp", 2, "£#,##0", NAN);
        check_number(z, la, 8, "year", 2, "0", 2025);
    }
    free(za);
    free(zb);
    rm_rf(a);
    rm_rf(b);
    cJSON_Delete(doc);
}

static void fixture_xlsx(void)
{
    const cJSON *doc = fixture_doc();
    char *a = scratch(), *b = scratch(), *za, *zb;
    size_t la = 0, lb = 0;
    int rows[NFILES];
    pc_error err = {0};

    CHECK(doc && run_export(doc, RPT_EXPORT_XLSX, a, NULL, &err) == PC_OK);
    CHECK(doc && run_export(doc, RPT_EXPORT_XLSX, b, NULL, &err) == PC_OK);
    table_rows(doc, rows);
    check_xlsx(a, "Rugby place (test fixture)", rows);
    za = file_in(a, "pcplan.xlsx", &la);
    zb = file_in(b, "pcplan.xlsx", &lb);
    CHECK(za && zb && la == lb && !memcmp(za, zb, la));
    if (za) { /* the fixture has Monte Carlo draws: P(short) a share */
        check_layout((const unsigned char *)za, la);
        check_number((const unsigned char *)za, la, 12, "p_short", 2, "0.0%",
                     NAN);
        check_number((const unsigned char *)za, la, 12, "gap_p50", 2, "0.0",
                     NAN);
    }
    free(za);
    free(zb);
    rm_rf(a);
    rm_rf(b);
}

/* A sheet past XLSX's row limit (lowered to 3 here) is bad input naming
 * the sheet, and leaves nothing behind (was an I/O error naming neither
 * the sheet nor the limit). */
static void xlsx_row_limit(void)
{
    cJSON *doc = load_hand();
    char *a = scratch();
    char *before = listing(a);
    pc_error err = {0};

    rpt_export_set_xlsx_rows_max(3);
    CHECK(run_export(doc, RPT_EXPORT_XLSX, a, NULL, &err) == PC_ERR_INPUT);
    rpt_export_set_xlsx_rows_max(0);
    CHECK_HAS(err.msg, "sheet about has 14 rows, more than the 3");
    {
        char *after = listing(a);

        CHECK(before && after && !strcmp(before, after));
        free(after);
    }
    free(before);
    rm_rf(a);
    cJSON_Delete(doc);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {{"hand_xlsx", hand_xlsx},
                                       {"fixture_xlsx", fixture_xlsx},
                                       {"xlsx_row_limit", xlsx_row_limit},
                                       {NULL, NULL}};
    int rc = check_run(cases, argc, argv);

    cJSON_Delete(fixture);
    return rc;
}
