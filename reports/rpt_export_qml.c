/* rpt_export_qml.c: the QGIS style of each GeoPackage layer, as the QML
 * document QGIS keeps in a GeoPackage's layer_styles table (see
 * rpt_export_gpkg.c), so the layers open styled: premises coloured by
 * capacity (spare, near, short), places and PCN areas as outlines, sites
 * as tinted polygons, allocations as lines from a site to each practice.
 *
 * The symbols are written with QGIS 3's <prop k= v=/> properties, which
 * every QGIS 3 reads (newer ones also write them as <Option> maps). */
#include "pc_buf.h"
#include "pc_error.h"
#include "rpt_export_int.h"

#include <stdio.h>
#include <string.h>

/* How one symbol is drawn. */
typedef struct qsym {
    char type;         /* 'm' marker, 'l' line, 'f' fill */
    const char *color; /* "r,g,b,a": fill, marker or line */
    const char *edge;  /* fill and marker outline colour */
    const char *style; /* fill: "solid"|"no"; line: "solid"|"dash" */
    const char *width; /* line or outline width, mm */
    const char *size;  /* marker diameter, mm */
} qsym;

/* A categorised layer: one symbol per value of attr. */
typedef struct qcat {
    const char *value, *label;
    qsym sym;
} qcat;

typedef struct qstyle {
    const char *table;
    qsym sym;         /* single symbol, when no categories */
    const char *attr; /* categorised by this column, or NULL */
    const qcat *cats; /* with the last the "anything else" */
    size_t ncats;
} qstyle;

static const qcat capacity_cats[] = {
    {"spare",
     "Spare rooms",
     {'m', "26,150,65,255", "35,35,35,255", NULL, "0.2", "3"}},
    {"near",
     "Near capacity",
     {'m', "253,174,97,255", "35,35,35,255", NULL, "0.2", "3"}},
    {"short",
     "Short of rooms",
     {'m', "215,25,28,255", "35,35,35,255", NULL, "0.2", "3"}},
    {"",
     "Not known",
     {'m', "160,160,160,255", "35,35,35,255", NULL, "0.2", "2.4"}}};

static const qstyle styles[] = {
    {"places",
     {'f', "0,0,0,0", "40,40,40,255", "no", "0.6", NULL},
     NULL,
     NULL,
     0},
    {"lads",
     {'f', "0,0,0,0", "120,120,120,255", "no", "0.3", NULL},
     NULL,
     NULL,
     0},
    {"practices",
     {'m', "49,130,189,255", "255,255,255,255", NULL, "0.2", "2"},
     NULL,
     NULL,
     0},
    {"premises",
     {'m', "160,160,160,255", "35,35,35,255", NULL, "0.2", "3"},
     "capacity",
     capacity_cats,
     sizeof capacity_cats / sizeof capacity_cats[0]},
    {"sites",
     {'f', "117,107,177,110", "84,39,143,255", "solid", "0.4", NULL},
     NULL,
     NULL,
     0},
    {"pcn_areas",
     {'f', "44,162,95,40", "35,139,69,255", "solid", "0.4", NULL},
     NULL,
     NULL,
     0},
    {"allocations",
     {'l', "84,39,143,200", NULL, "dash", "0.4", NULL},
     NULL,
     NULL,
     0}};

static int prop(pc_buf *b, const char *k, const char *v)
{
    return pc_buf_printf(b, "      <prop k=\"%s\" v=\"%s\"/>\n", k, v) == PC_OK;
}

/* One <symbol> named name. */
static int symbol(pc_buf *b, const char *name, const qsym *s)
{
    static const char *const types[] = {"marker", "line", "fill"};
    static const char *const classes[] = {"SimpleMarker", "SimpleLine",
                                          "SimpleFill"};
    int k = s->type == 'm' ? 0 : s->type == 'l' ? 1 : 2, ok;

    ok = pc_buf_printf(b,
                       "    <symbol type=\"%s\" name=\"%s\" alpha=\"1\" "
                       "clip_to_extent=\"1\" force_rhr=\"0\">\n"
                       "     <layer class=\"%s\" enabled=\"1\" locked=\"0\" "
                       "pass=\"0\">\n",
                       types[k], name, classes[k]) == PC_OK;
    if (k == 0)
        ok = ok && prop(b, "name", "circle") && prop(b, "color", s->color) &&
             prop(b, "outline_color", s->edge) &&
             prop(b, "outline_style", "solid") &&
             prop(b, "outline_width", s->width) &&
             prop(b, "outline_width_unit", "MM") && prop(b, "size", s->size) &&
             prop(b, "size_unit", "MM") && prop(b, "scale_method", "diameter");
    else if (k == 1)
        ok = ok && prop(b, "line_color", s->color) &&
             prop(b, "line_style", s->style) &&
             prop(b, "line_width", s->width) &&
             prop(b, "line_width_unit", "MM") && prop(b, "capstyle", "round");
    else
        ok = ok && prop(b, "color", s->color) && prop(b, "style", s->style) &&
             prop(b, "outline_color", s->edge) &&
             prop(b, "outline_style", "solid") &&
             prop(b, "outline_width", s->width) &&
             prop(b, "outline_width_unit", "MM");
    return ok && pc_buf_puts(b, "     </layer>\n    </symbol>\n") == PC_OK;
}

/* The <renderer-v2> of st. */
static int renderer(pc_buf *b, const qstyle *st)
{
    char name[24];
    int ok;

    if (!st->attr)
        return pc_buf_puts(b,
                           "  <renderer-v2 type=\"singleSymbol\" "
                           "symbollevels=\"0\" forceraster=\"0\" "
                           "enableorderby=\"0\">\n   <symbols>\n") == PC_OK &&
               symbol(b, "0", &st->sym) &&
               pc_buf_puts(b, "   </symbols>\n  </renderer-v2>\n") == PC_OK;
    ok = pc_buf_printf(b,
                       "  <renderer-v2 type=\"categorizedSymbol\" "
                       "attr=\"%s\" symbollevels=\"0\" forceraster=\"0\" "
                       "enableorderby=\"0\">\n   <categories>\n",
                       st->attr) == PC_OK;
    for (size_t i = 0; ok && i < st->ncats; i++)
        ok = pc_buf_printf(b,
                           "    <category render=\"true\" symbol=\"%zu\" "
                           "value=\"%s\" label=\"%s\"/>\n",
                           i, st->cats[i].value, st->cats[i].label) == PC_OK;
    ok = ok && pc_buf_puts(b, "   </categories>\n   <symbols>\n") == PC_OK;
    for (size_t i = 0; ok && i < st->ncats; i++) {
        snprintf(name, sizeof name, "%zu", i);
        ok = symbol(b, name, &st->cats[i].sym);
    }
    ok = ok && pc_buf_puts(b, "   </symbols>\n   <source-symbol>\n") == PC_OK;
    return ok && symbol(b, "0", &st->sym) &&
           pc_buf_puts(b, "   </source-symbol>\n  </renderer-v2>\n") == PC_OK;
}

pc_status rpt_ex_qml(const table *t, pc_buf *b, pc_error *err)
{
    const qstyle *st = NULL;
    int ok;

    for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
        if (!strcmp(styles[i].table, t->name))
            st = &styles[i];
    if (!st)
        return PC_FAIL(err, PC_ERR_INTERNAL, "no QGIS style for layer %s",
                       t->name);
    ok = pc_buf_puts(b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' "
                        "'SYSTEM'>\n<qgis version=\"3.28.0\" "
                        "styleCategories=\"Symbology\">\n") == PC_OK &&
         renderer(b, st) && pc_buf_puts(b, "</qgis>\n") == PC_OK;
    return ok ? PC_OK : PC_NOMEM(err);
}
