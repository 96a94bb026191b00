import type { ParsedOpts } from './getopt';

// placeholder until the key engine lands
export async function keygenGenerate(_p: ParsedOpts): Promise<number> {
  process.stderr.write('keygen: not implemented yet\n');
  return 1;
}
