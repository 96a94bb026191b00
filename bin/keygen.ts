// `cli keygen`: ssh-keygen's flags with ssh-keygen's meaning; stdout byte-identical.
import { getopt, hasFlag, optValue, UsageError, type ParsedOpts } from './getopt';
import { keygenGenerate } from './keygen-generate';
import { keygenList } from './keygen-list';
import { keygenDerive } from './keygen-derive';
import { keygenImport, keygenExport } from './keygen-convert';
import { keygenImportPpk } from './ppk';

// ssh-keygen 9.2's option string, so that any flag it knows parses the same way.
const SSH_KEYGEN_OPTS = 'ABC:D:E:F:GHI:KLMN:O:P:QR:V:Y:Z:a:b:cdef:g:hiklm:n:qr:s:t:uvw:xyz:';

export async function keygenMain(args: string[]): Promise<number> {
  let p: ParsedOpts;
  try {
    p = getopt(args, SSH_KEYGEN_OPTS);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`keygen: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (p.operands.length > 0) {
    process.stderr.write(`keygen: unexpected argument ${p.operands[0]}\n`);
    return 1;
  }
  if (hasFlag(p, 'l')) return keygenList(p);
  if (hasFlag(p, 'y')) return keygenDerive(p);
  if (hasFlag(p, 'i')) return optValue(p, 'm')?.toUpperCase() === 'PPK' ? keygenImportPpk(p) : keygenImport(p);
  if (hasFlag(p, 'e')) return keygenExport(p);
  return keygenGenerate(p);
}
