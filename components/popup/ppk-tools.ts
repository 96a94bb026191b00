// The .ppk converters and their Argon2 worker, loaded when a .ppk is first written or read:
// Argon2 and the PuTTY formats are not part of the popup's first screen (issue 13).
import type * as Convert from '../../lib/ssh/formats/convert';

let loading: Promise<typeof Convert> | undefined;

export function ppkTools(): Promise<typeof Convert> {
  return (loading ??= Promise.all([import('../../lib/ssh/formats/convert'), import('../../lib/keygen/argon2-workers')]).then(([convert, workers]) => {
    workers.installArgon2Worker();
    return convert;
  }));
}
