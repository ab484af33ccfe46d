/* SPDX-License-Identifier: MIT */
/*
 * PdbToXml decides what to print from the .NET type of the VARIANT the reader returns and
 * from the first byte of the signature; this file follows those rules so the attributes
 * (value, type, signature, runtime-type, unknown-signature) come out the same.
 */
#include "constant.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <oleauto.h>
#endif

#include "signature.h"

enum { SIG_STRING = 0x0E, SIG_OBJECT = 0x1C, SIG_VALUETYPE = 0x11, SIG_GENERICINST = 0x15,
       SIG_DOUBLE = 0x0D };

char *cli_escape_nonprintable(const WCHAR *text, size_t units)
{
    /* Each unit becomes at most 6 bytes ("\uXXXX"); 3 bytes of UTF-8 otherwise. */
    char *out = cli_xmalloc(units * 6 + 1), *o = out;
    for (size_t i = 0; i < units; i++) {
        WCHAR c = text[i];
        /* Control, Surrogate (even in a valid pair: .NET looks at single chars),
         * ParagraphSeparator and the last specials; unassigned code points need
         * Unicode tables and are passed through. */
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0xD800 && c <= 0xDFFF) ||
            c == 0x2029 || c >= 0xFFFC) {
            o += sprintf(o, "\\u%04X", (unsigned)c);
        } else {
            char *utf8 = cli_narrow(&c, 1);
            size_t n = strlen(utf8);
            memcpy(o, utf8, n);
            o += n;
            free(utf8);
        }
    }
    *o = 0;
    return out;
}

static char *hyphen_hex(const uint8_t *p, size_t n)
{
    char *out = cli_xmalloc(n * 3 + 1);
    out[0] = 0;
    for (size_t i = 0; i < n; i++)
        sprintf(out + (i ? i * 3 - 1 : 0), i ? "-%02X" : "%02X", p[i]);
    return out;
}

static bool possibly_null_type(const uint8_t *sig, size_t len)
{
    if (len == 0)
        return true;
    switch (sig[0]) {
    case 0x02: case 0x03: case 0x04: case 0x05: case 0x06: case 0x07: case 0x08: case 0x09:
    case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x18: case 0x19:
        return false;
    case SIG_GENERICINST:
        return len == 1 || sig[1] != SIG_VALUETYPE;
    case SIG_VALUETYPE:
        return false;
    }
    return true;
}

/* The VARIANT type a reader hands out for a signature's primitive, as PdbToXml expects
 * it (its GetConstantRuntimeType): small integers and bool arrive as VT_I2. */
static VARTYPE runtime_type(uint8_t code)
{
    switch (code) {
    case 0x02: case 0x04: case 0x05: case 0x06: return VT_I2;
    case 0x03: case 0x07: return VT_UI2;
    case 0x08: return VT_I4;
    case 0x09: return VT_UI4;
    case 0x0A: return VT_I8;
    case 0x0B: return VT_UI8;
    case 0x0C: return VT_R4;
    case 0x0D: return VT_R8;
    case 0x0E: return VT_BSTR;
    }
    return VT_EMPTY;
}

static const char *dotnet_type_name(VARTYPE vt)
{
    switch (vt) {
    case VT_I1: return "SByte";
    case VT_UI1: return "Byte";
    case VT_I2: return "Int16";
    case VT_UI2: return "UInt16";
    case VT_I4: return "Int32";
    case VT_UI4: return "UInt32";
    case VT_I8: return "Int64";
    case VT_UI8: return "UInt64";
    case VT_R4: return "Single";
    case VT_R8: return "Double";
    case VT_BOOL: return "Boolean";
    case VT_BSTR: return "String";
    case VT_DECIMAL: return "Decimal";
    case VT_DATE: return "DateTime";
    }
    return "Object";
}

static bool is_integer(VARTYPE vt)
{
    return vt == VT_I1 || vt == VT_UI1 || vt == VT_I2 || vt == VT_UI2 || vt == VT_I4 ||
           vt == VT_UI4 || vt == VT_I8 || vt == VT_UI8;
}

/* decimal.ToString(InvariantCulture): every digit of the scale is kept ("1.50"). */
static void decimal_text(const DECIMAL *d, char out[64])
{
    uint32_t w[3] = { (uint32_t)d->Lo64, (uint32_t)(d->Lo64 >> 32), d->Hi32 };
    char digits[40];
    int n = 0;
    do {
        uint64_t rem = 0;
        for (int i = 2; i >= 0; i--) {
            uint64_t cur = rem << 32 | w[i];
            w[i] = (uint32_t)(cur / 10);
            rem = cur % 10;
        }
        digits[n++] = (char)('0' + rem);
    } while (w[0] || w[1] || w[2]);
    int scale = d->scale > 28 ? 28 : d->scale;
    while (n <= scale)
        digits[n++] = '0';
    char *o = out;
    if (d->sign & 0x80)
        *o++ = '-';
    for (int i = n - 1; i >= 0; i--) {
        *o++ = digits[i];
        if (i == scale && i)
            *o++ = '.';
    }
    *o = 0;
}

/* DateTime.ToString(InvariantCulture) of a tick count: "MM/dd/yyyy HH:mm:ss". */
static void date_text(int64_t ticks, char out[64])
{
    if (ticks < 0)
        ticks = 0;
    int64_t seconds = ticks / 10000000, days = seconds / 86400, rest = seconds % 86400;
    /* Days since 0001-01-01 to a civil date (H. Hinnant's algorithm, era from 0000-03-01). */
    int64_t z = days + 306, era = z / 146097, doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
    int64_t year = yoe + era * 400 + (month <= 2);
    snprintf(out, 64, "%02d/%02d/%04d %02d:%02d:%02d", (int)month, (int)day, (int)year,
             (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60));
}

static void free_variant(VARIANT *v)
{
    if (V_VT(v) == VT_BSTR && V_BSTR(v)) {
#ifdef _WIN32
        SysFreeString(V_BSTR(v));
#else
        free((char *)V_BSTR(v) - sizeof(void *)); /* the PAL layout: see corsym.h */
#endif
    }
    V_VT(v) = VT_EMPTY;
}

static size_t bstr_units(BSTR s)
{
    uint32_t bytes;
    memcpy(&bytes, (const char *)s - 4, 4);
    return bytes / 2;
}

void cli_constant_attrs(struct cli_node *n, ISymUnmanagedConstant *constant,
                        const struct corsym_md *md)
{
    ULONG32 len = 0;
    WCHAR *name = NULL;
    if (SUCCEEDED(ISymUnmanagedConstant_GetName(constant, 0, &len, NULL)) && len) {
        name = cli_xmalloc((len + 1) * sizeof(WCHAR));
        if (FAILED(ISymUnmanagedConstant_GetName(constant, len, &len, name)))
            len = 0;
    }
    size_t units = 0;
    while (name && units < len && name[units])
        units++;
    char *text = cli_narrow(name ? name : (const WCHAR *)L"", units);
    cli_attr_str(n, "name", text);
    free(text);
    free(name);

    /* A missing signature (HRESULT other than S_OK) reads as an empty one. */
    uint8_t *sig = NULL;
    ULONG32 sig_len = 0;
    if (ISymUnmanagedConstant_GetSignature(constant, 0, &sig_len, NULL) == S_OK && sig_len) {
        sig = cli_xmalloc(sig_len);
        if (ISymUnmanagedConstant_GetSignature(constant, sig_len, &sig_len, sig) != S_OK)
            sig_len = 0;
    } else {
        sig_len = 0;
    }

    VARIANT v;
    memset(&v, 0, sizeof(v));
    if (FAILED(ISymUnmanagedConstant_GetValue(constant, &v)))
        V_VT(&v) = VT_EMPTY;
    VARTYPE vt = V_VT(&v);
    char buf[64];

    if (vt == VT_I4 && V_I4(&v) == 0 && possibly_null_type(sig, sig_len)) {
        cli_attr_str(n, "value", "null");
        if (sig_len == 0) {
            cli_attr_str(n, "unknown-signature", "");
        } else if (sig[0] == SIG_STRING) {
            cli_attr_str(n, "type", "String");
        } else if (sig[0] == SIG_OBJECT) {
            cli_attr_str(n, "type", "Object");
        } else {
            char *s = cli_signature_text(md, sig, sig_len);
            cli_attr_str(n, "signature", s);
            free(s);
        }
    } else if (vt == VT_EMPTY || (vt == VT_BSTR && !V_BSTR(&v))) {
        if (sig_len > 0 && sig[0] == SIG_STRING) {
            cli_attr_str(n, "value", "");
            cli_attr_str(n, "type", "String");
        } else {
            char *hex = hyphen_hex(sig, sig_len);
            cli_attr_str(n, "value", "null");
            cli_attr_str(n, "unknown-signature", hex);
            free(hex);
        }
    } else if (vt == VT_DECIMAL) {
        decimal_text(&V_DECIMAL(&v), buf);
        cli_attr_str(n, "value", buf);
        cli_attr_str(n, "type", "Decimal");
    } else if (vt == VT_DATE || (vt == VT_R8 && sig_len > 0 && sig[0] != SIG_DOUBLE)) {
        /* The 8 bytes are DateTime ticks in both cases. */
        int64_t ticks;
        memcpy(&ticks, vt == VT_DATE ? (const void *)&V_DATE(&v) : (const void *)&V_R8(&v), 8);
        date_text(ticks, buf);
        cli_attr_str(n, "value", buf);
        cli_attr_str(n, "type", "DateTime");
    } else {
        char *owned = NULL;
        const char *value = buf;
        switch (vt) {
        case VT_BSTR: value = owned = cli_escape_nonprintable(V_BSTR(&v), bstr_units(V_BSTR(&v))); break;
        case VT_R4: { uint32_t bits; memcpy(&bits, &V_R4(&v), 4); snprintf(buf, sizeof(buf), "0x%08" PRIX32, bits); break; }
        case VT_R8: { uint64_t bits; memcpy(&bits, &V_R8(&v), 8); snprintf(buf, sizeof(buf), "0x%016" PRIX64, bits); break; }
        case VT_BOOL: value = V_BOOL(&v) ? "True" : "False"; break;
        case VT_I1: snprintf(buf, sizeof(buf), "%d", (int)V_I1(&v)); break;
        case VT_UI1: snprintf(buf, sizeof(buf), "%u", (unsigned)V_UI1(&v)); break;
        case VT_I2: snprintf(buf, sizeof(buf), "%d", (int)V_I2(&v)); break;
        case VT_UI2: snprintf(buf, sizeof(buf), "%u", (unsigned)V_UI2(&v)); break;
        case VT_I4: snprintf(buf, sizeof(buf), "%" PRId32, (int32_t)V_I4(&v)); break;
        case VT_UI4: snprintf(buf, sizeof(buf), "%" PRIu32, (uint32_t)V_UI4(&v)); break;
        case VT_I8: snprintf(buf, sizeof(buf), "%" PRId64, (int64_t)V_I8(&v)); break;
        case VT_UI8: snprintf(buf, sizeof(buf), "%" PRIu64, (uint64_t)V_UI8(&v)); break;
        default: snprintf(buf, sizeof(buf), "?vt=%u", (unsigned)vt); break;
        }
        cli_attr_str(n, "value", value);
        free(owned);
        if (sig_len == 0) {
            cli_attr_str(n, "runtime-type", dotnet_type_name(vt));
            cli_attr_str(n, "unknown-signature", "");
        } else {
            VARTYPE expected = runtime_type(sig[0]);
            if (expected == VT_EMPTY && is_integer(vt)) {
                char *s = cli_signature_text(md, sig, sig_len);
                cli_attr_str(n, "signature", s);
                free(s);
            } else if (expected == vt) {
                cli_attr_str(n, "type", cli_type_code_name(sig[0]));
            } else {
                char *hex = hyphen_hex(sig, sig_len);
                cli_attr_str(n, "runtime-type", dotnet_type_name(vt));
                cli_attr_str(n, "unknown-signature", hex);
                free(hex);
            }
        }
    }
    free_variant(&v);
    free(sig);
}
