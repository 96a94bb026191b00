import type { ParsedOpts } from './getopt';

// placeholder until the key intake lands
export async function keygenImport(_p: ParsedOpts): Promise<number> {
  process.stderr.write('keygen: -i not implemented yet\n');
  return 1;
}
export async function keygenExport(_p: ParsedOpts): Promise<number> {
  process.stderr.write('keygen: -e not implemented yet\n');
  return 1;
}
