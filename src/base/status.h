/*
 * corsym_status: the one result type of the format core (base, pe, portable, ...).
 *
 * The core never sees COM; src/com maps these codes to HRESULTs in one place.
 * Zero is success, positive values are expected non-error outcomes, negative
 * values are failures. Keep the list short: a new code is only worth adding
 * when a caller must react to it differently.
 */
#ifndef CORSYM_BASE_STATUS_H
#define CORSYM_BASE_STATUS_H

typedef enum corsym_status {
    CORSYM_OK = 0,

    /* The thing asked for is absent (no such row, no such CDI, end of a
     * sequence). Not an error: the COM layer usually turns it into S_FALSE
     * or E_FAIL depending on the method's contract. */
    CORSYM_NOT_FOUND = 1,

    /* The input breaks a rule of the format (bad signature, out-of-range
     * offset, truncated record, invalid compressed integer, ...). */
    CORSYM_E_CORRUPT = -1,

    /* Well-formed input that uses a feature or size we do not handle
     * (unknown table, hash algorithm we don't implement, a limit of ours). */
    CORSYM_E_UNSUPPORTED = -2,

    /* An allocation failed or would exceed what the input can justify. */
    CORSYM_E_NOMEM = -3,

    /* The caller passed something unusable (NULL, bad table id, rid 0). */
    CORSYM_E_INVALID_ARG = -4,

    /* A caller-sized output buffer is too small; the required size is
     * reported through the function's size out-parameter. */
    CORSYM_E_BUFFER_TOO_SMALL = -5,

    /* Reading or writing the underlying file/stream failed. */
    CORSYM_E_IO = -6,

    /* Two well-formed inputs do not belong together (checksum or id
     * mismatch, inflated size differs from the declared size). */
    CORSYM_E_MISMATCH = -7,

    /* The call is not valid in the object's current state (the writer's CloseMethod with
     * no open method, anything after Close). */
    CORSYM_E_STATE = -8
} corsym_status;

/* Static, human-readable name of a status ("CORSYM_E_CORRUPT"). */
const char *corsym_status_name(corsym_status st);

/*
 * Every "this file is malformed" return goes through CORSYM_CORRUPT() so a
 * debugger breakpoint on corsym_status_corrupt_at, or the recorded site,
 * names the exact check that failed (the SQLite CORRUPT_BKPT habit).
 */
corsym_status corsym_status_corrupt_at(const char *file, int line);
#define CORSYM_CORRUPT() corsym_status_corrupt_at(__FILE__, __LINE__)

/* File and line of the last CORSYM_CORRUPT() on this thread (or NULL/0). */
void corsym_status_last_corrupt(const char **file, int *line);

/* Propagate any non-OK status (including NOT_FOUND) to the caller. */
#define CORSYM_TRY(expr)                                                       \
    do {                                                                       \
        corsym_status corsym_try_st_ = (expr);                                 \
        if (corsym_try_st_ != CORSYM_OK)                                       \
            return corsym_try_st_;                                             \
    } while (0)

#endif
