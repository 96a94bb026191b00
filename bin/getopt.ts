// POSIX getopt, as ssh-keygen parses its flags: combined short flags (`-lv`), option
// arguments attached (`-trsa`) or separate (`-t rsa`), `--` ends options.

export interface ParsedOpts {
  /** flags in order; a flag given twice appears twice (ssh-keygen counts -v) */
  opts: Array<{ flag: string; value?: string }>;
  operands: string[];
}

export class UsageError extends Error {}

export function getopt(args: string[], spec: string): ParsedOpts {
  const takesArg = new Map<string, boolean>();
  for (let i = 0; i < spec.length; i++) {
    takesArg.set(spec[i], spec[i + 1] === ':');
    if (spec[i + 1] === ':') i++;
  }
  const opts: ParsedOpts['opts'] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let j = 1; j < a.length; j++) {
      const flag = a[j];
      if (!takesArg.has(flag)) throw new UsageError(`unknown option -- ${flag}`);
      if (takesArg.get(flag)) {
        let value = a.slice(j + 1);
        if (value === '') {
          if (i + 1 >= args.length) throw new UsageError(`option requires an argument -- ${flag}`);
          value = args[++i];
        }
        opts.push({ flag, value });
        break;
      }
      opts.push({ flag });
    }
  }
  return { opts, operands: args.slice(i) };
}

/** Last value of a flag (ssh-keygen keeps the last one), or undefined. */
export function optValue(p: ParsedOpts, flag: string): string | undefined {
  let v: string | undefined;
  for (const o of p.opts) if (o.flag === flag) v = o.value;
  return v;
}

export function hasFlag(p: ParsedOpts, flag: string): boolean {
  return p.opts.some((o) => o.flag === flag);
}

export function flagCount(p: ParsedOpts, flag: string): number {
  return p.opts.filter((o) => o.flag === flag).length;
}
