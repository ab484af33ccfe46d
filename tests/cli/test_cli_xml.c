/* SPDX-License-Identifier: MIT */
/*
 * The XML writer's bytes for what no fixture holds: line breaks of every kind inside CDATA
 * and text (CRLF, as PdbToXml's XmlWriter writes them), "]]>" inside CDATA, invalid UTF-8
 * (U+FFFD, as .NET decodes it) and characters XML cannot carry (PdbToXml's base64 fallback).
 * The expected bytes are what .NET 10 gave for the same input: its XmlWriter with PdbToXml's
 * settings (Indent, IndentChars "  ", NewLineChars "\r\n") and Encoding.UTF8.GetString. The
 * base64 case is what PdbToXml's code means to write: .NET itself throws there (see cdata.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdata.h"
#include "writer.h"

/* The XML of one element under <symbols>, as the dump streams it. */
static char *render(struct cli_node *n, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    struct cli_writer w;
    cli_writer_init(&w, CLI_FORMAT_XML, f);
    struct cli_node *root = cli_node_new("symbols");
    cli_write_begin(&w, root);
    cli_write_child(&w, n);
    cli_write_end(&w, root);
    cli_node_free(root);
    cli_node_free(n);
    fclose(f);
    return buf;
}

static void expect(struct cli_node *n, const char *body)
{
    static const char head[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<symbols>\r\n";
    static const char tail[] = "</symbols>\r\n";
    size_t len;
    char *got = render(n, &len);
    char *want = malloc(strlen(head) + strlen(body) + strlen(tail) + 1);
    strcat(strcat(strcpy(want, head), body), tail);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(want);
    free(got);
}

static void test_cdata_line_breaks(void **state)
{
    (void)state;
    struct cli_node *n = cli_node_new("file");
    cli_attr_str(n, "name", "a\nb\r\tc");
    static const char text[] = "l1\nl2\r\nl3\rl4]]>x";
    cli_node_cdata(n, (const uint8_t *)text, sizeof text - 1);
    /* .NET: <file name="a&#xA;b&#xD;&#x9;c"><![CDATA[l1\r\nl2\r\nl3\r\nl4]]]]><![CDATA[>x]]></file> */
    expect(n, "  <file name=\"a&#xA;b&#xD;&#x9;c\"><![CDATA[l1\r\nl2\r\nl3\r\nl4]]]]><![CDATA[>x]]></file>\r\n");
}

static void test_plain_text(void **state)
{
    (void)state;
    struct cli_node *n = cli_node_new("encLambdaMap");
    cli_node_plain(cli_node_add(n, "methodOrdinal"), "3");
    cli_attr_str(cli_node_add(n, "lambda"), "offset", "1");
    expect(n, "  <encLambdaMap>\r\n    <methodOrdinal>3</methodOrdinal>\r\n"
              "    <lambda offset=\"1\" />\r\n  </encLambdaMap>\r\n");
}

static void test_invalid_utf8_is_replaced(void **state)
{
    (void)state;
    /* A lone continuation byte, a truncated 3-byte form, an encoded surrogate (ED A0 80:
     * ED's maximal subpart is ED alone, then two lone continuation bytes), a truncated 4-byte
     * form, an overlong lead. */
    static const uint8_t raw[] = { 'a', 0x80, 'b', 0xE4, 0xB8, 'c', 0xED, 0xA0, 0x80,
                                   0xF0, 0x9F, 0x98, 'd', 0xC0, 0xAF };
    size_t len;
    char *text = cli_utf8_repair(raw, sizeof raw, &len);
    /* .NET: 0061 FFFD 0062 FFFD 0063 FFFD FFFD FFFD FFFD 0064 FFFD FFFD */
#define R "\xEF\xBF\xBD"
    static const char want[] = "a" R "b" R "c" R R R R "d" R R;
#undef R
    assert_int_equal(len, sizeof want - 1);
    assert_memory_equal(text, want, len);
    free(text);
}

static void test_base64_fallback(void **state)
{
    (void)state;
    /* A form feed cannot appear in XML 1.0: PdbToXml writes encoding="base64" and the bytes. */
    struct cli_node *n = cli_node_new("file");
    cli_attr_str(n, "id", "1");
    static const char text[] = "a\fb";
    cli_node_cdata(n, (const uint8_t *)text, sizeof text - 1);
    expect(n, "  <file id=\"1\" encoding=\"base64\">YQxi</file>\r\n");
    assert_false(cli_xml_text_ok("\xEF\xBF\xBF", 3)); /* U+FFFF */
    assert_true(cli_xml_text_ok("\t\r\n\xEF\xBF\xBD", 6));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cdata_line_breaks),
        cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_invalid_utf8_is_replaced),
        cmocka_unit_test(test_base64_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
