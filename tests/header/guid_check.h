/* SPDX-License-Identifier: MIT */
/*
 * Compares a GUID object with its canonical text form, both field by field
 * and as the 16 bytes a Windows client would see in memory (Data1..Data3
 * little-endian, then Data4 in order).  Shared by the C and C++ tests.
 */
#ifndef CORSYM_TEST_GUID_CHECK_H
#define CORSYM_TEST_GUID_CHECK_H

#include <stdio.h>
#include <string.h>

static int guid_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads `count` hex digits; returns -1 on a malformed literal. */
static long long guid_read_hex(const char **text, int count)
{
    long long value = 0;
    int i;
    for (i = 0; i < count; i++) {
        int digit = guid_hex_digit(**text);
        if (digit < 0)
            return -1;
        value = value * 16 + digit;
        (*text)++;
    }
    return value;
}

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" -> fields and memory bytes. */
static int guid_parse(const char *text, GUID *fields, unsigned char bytes[16])
{
    static const int group_digits[] = {8, 4, 4, 4, 12};
    long long groups[5];
    int i;
    for (i = 0; i < 5; i++) {
        if (i > 0 && *text++ != '-')
            return 0;
        if (group_digits[i] == 12) {
            /* Split so that no value exceeds 32 bits. */
            long long high = guid_read_hex(&text, 4);
            long long low = guid_read_hex(&text, 8);
            if (high < 0 || low < 0)
                return 0;
            groups[i] = high * 4294967296LL + low;
        } else {
            groups[i] = guid_read_hex(&text, group_digits[i]);
            if (groups[i] < 0)
                return 0;
        }
    }
    if (*text != '\0')
        return 0;

    fields->Data1 = (unsigned long)groups[0];
    fields->Data2 = (unsigned short)groups[1];
    fields->Data3 = (unsigned short)groups[2];
    fields->Data4[0] = (unsigned char)(groups[3] >> 8);
    fields->Data4[1] = (unsigned char)groups[3];
    for (i = 0; i < 6; i++)
        fields->Data4[2 + i] = (unsigned char)(groups[4] >> (8 * (5 - i)));

    for (i = 0; i < 4; i++)
        bytes[i] = (unsigned char)(groups[0] >> (8 * i));
    bytes[4] = (unsigned char)groups[1];
    bytes[5] = (unsigned char)(groups[1] >> 8);
    bytes[6] = (unsigned char)groups[2];
    bytes[7] = (unsigned char)(groups[2] >> 8);
    memcpy(bytes + 8, fields->Data4, 8);
    return 1;
}

/* Returns the number of failures (0 or 1) and says which GUID is wrong. */
static int guid_check(const char *name, const GUID *actual, const char *expected)
{
    GUID fields;
    unsigned char bytes[16];
    const unsigned short probe = 1;

    if (!guid_parse(expected, &fields, bytes)) {
        printf("FAIL %s: test literal \"%s\" is malformed\n", name, expected);
        return 1;
    }
    if (actual->Data1 != fields.Data1 || actual->Data2 != fields.Data2 ||
        actual->Data3 != fields.Data3 || memcmp(actual->Data4, fields.Data4, 8) != 0) {
        printf("FAIL %s: fields differ from %s\n", name, expected);
        return 1;
    }
    /* The byte image is the Windows one only on little-endian hosts. */
    if (*(const unsigned char *)&probe == 1 && memcmp(actual, bytes, 16) != 0) {
        printf("FAIL %s: memory layout differs from %s\n", name, expected);
        return 1;
    }
    return 0;
}

#endif /* CORSYM_TEST_GUID_CHECK_H */
