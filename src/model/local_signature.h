/* SPDX-License-Identifier: MIT */
/* Slicing one local's type out of a method's local variable signature (StandAloneSig),
 * which is what ISymUnmanagedVariable::GetSignature returns for a slot. */
#ifndef CORSYM_MODEL_LOCAL_SIGNATURE_H
#define CORSYM_MODEL_LOCAL_SIGNATURE_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

/* The bytes of local `slot` (its custom modifiers, PINNED, BYREF and type) within a
 * LOCAL_SIG blob. NOT_FOUND when the signature has fewer locals; CORRUPT when it does not
 * follow ECMA-335 II.23.2.6. The slice points into `sig`. */
corsym_status corsym_local_signature_slot(const uint8_t *sig, size_t size, uint32_t slot,
                                          const uint8_t **slice, size_t *slice_size);

#endif
