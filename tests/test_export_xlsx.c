/* test_export_xlsx.c: the workbook export (see test_export.c for the
 * documents): a zip whose entries are read back with zlib: one sheet per
 * table after "about", "=1+1" a string and no formula anywhere, the
 * creation date the dataset's, and the same bytes from two runs. */
#include "pc_error.h"
#include "test_export.h"

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
    free(ss);
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
    free(za);
    free(zb);
    rm_rf(a);
    rm_rf(b);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"hand_xlsx", hand_xlsx}, {"fixture_xlsx", fixture_xlsx}, {NULL, NULL}};
    int rc = check_run(cases, argc, argv);

    cJSON_Delete(fixture);
    return rc;
}
