// The config builders' contract (implemented in lib/config/*.ts): a parsed connect command
// and what is built from it. Pure data; no browser or Node APIs.

export interface Endpoint {
  host: string;
  /** absent: ssh's default (22) */
  port?: number;
  /** absent: ssh's default (the local user name) */
  user?: string;
}

export interface Connection extends Endpoint {
  /** the ProxyJump hop, e.g. ssh-jumper.cloud.infini-ai.com for AICoder; the first hop of a chain */
  jump?: Endpoint;
  /**
   * A chain of two or more hops (`-J a,b`, `ProxyJump a,b`), first hop first; absent for none or
   * one (then `jump` says it all, as before chains existed). When present, `jumps[0]` is `jump`.
   * Read both through jumpHops().
   */
  jumps?: Endpoint[];
  /** -i given in the command, kept only to tell the user; builders use their own identityFile */
  identityFile?: string;
  /** aicoder: host `aic-…` or jump via ssh-jumper; devmachine: a non-22 port and no jump */
  kind: 'aicoder' | 'devmachine' | 'generic';
}

export type Shell = 'posix' | 'powershell' | 'gitbash';

export const INFINI_JUMP_HOST = 'ssh-jumper.cloud.infini-ai.com';

/** Every hop between us and the target, first hop first (empty when ssh connects directly). */
export function jumpHops(c: Pick<Connection, 'jump' | 'jumps'>): Endpoint[] {
  if (c.jumps && c.jumps.length > 0) return c.jumps;
  return c.jump ? [c.jump] : [];
}
