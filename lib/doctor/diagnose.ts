// `ssh -v` output → which hop failed, why, and the one fix for it.
//
// The log is read into ssh processes (read-log.ts), processes become hops in the order the
// connection goes (jump hosts first, the machine last), and each hop that did not log in gets
// findings, most specific first. The verdict is the first finding of the first hop that
// failed: a jump host that refused the login is the root cause even though the machine
// behind it "failed" too. Context (the user's saved keys, the connection being fixed) turns
// "Permission denied" into "your key X was never offered" and fills the fixes with the
// user's key and machine.
import { keyError, SshKeyError, type UserMessage } from '../ssh/errors';
import { findPrivateKey } from '../ssh/intake/parse-public-key';
import { INFINI_JUMP_HOST, type Connection, type Endpoint } from '../config/types';
import { readSshLog, isDefaultKeyName, type KeyRef, type SshLog, type SshProcess } from './read-log';
import {
  authorizeFix,
  checkPassphraseFix,
  configFix,
  configLineFix,
  convertPpkFix,
  firstLoginFix,
  forgetHostKeyFix,
  homeRelative,
  listKeysFix,
  newEd25519Fix,
  permissionsFix,
  say,
  stripCrFix,
  type DoctorOs,
  type Fix,
} from './fixes';
import { doctorCatalogue } from '../i18n/doctor';

export type DoctorCode =
  | 'ok'
  | 'key-not-found'
  | 'no-key-offered'
  | 'key-not-offered'
  | 'key-rejected'
  | 'jump-auth-failed'
  | 'jump-channel-failed'
  | 'host-key-changed'
  | 'host-key-unverified'
  | 'key-permissions'
  | 'config-permissions'
  | 'key-format'
  | 'passphrase'
  | 'no-mutual-signature'
  | 'too-many-auth-failures'
  | 'connection-refused'
  | 'connection-timeout'
  | 'dns'
  | 'kex-failed'
  | 'unknown';

export interface DoctorKeyInfo {
  /** file name stem, e.g. infini_ed25519 (the private key is ~/.ssh/<name>) */
  name?: string;
  /** SHA256:… */
  fingerprint: string;
  publicKeyLine?: string;
}

export interface DoctorContext {
  /** the keys the user expects ssh to use (saved in the extension, or --key files) */
  keys?: DoctorKeyInfo[];
  /** the connection being fixed (from the console's command) */
  connection?: Connection;
  /** the private key path to put into fixes; default: ~/.ssh/<first key's name> */
  identityFile?: string;
  /** the shell fixes are written for; default: what the log shows (Windows' ssh → PowerShell) */
  os?: DoctorOs;
}

export interface DoctorHop {
  role: 'jump' | 'target' | 'direct';
  host: string;
  port?: number;
  user?: string;
  serverSoftware?: string;
  /** the log shows ssh talking to it (a login began) */
  reached: boolean;
  authenticated: boolean;
  offered: KeyRef[];
  accepted?: KeyRef;
}

export interface Finding {
  code: Exclude<DoctorCode, 'ok'>;
  /** index into hops, or null for what is not about one hop (the config file) */
  hop: number | null;
  message: UserMessage;
  fix?: Fix;
}

export interface Diagnosis {
  verdict: DoctorCode;
  /** the root cause first */
  findings: Finding[];
  hops: DoctorHop[];
  /** the shell the fixes are written for */
  os: DoctorOs;
  /** the verdict's message (the first finding's, or the `ok` text) */
  summary: UserMessage;
}

export type DiagnoseResult = { ok: true; diagnosis: Diagnosis } | { ok: false; error: SshKeyError };

interface Hop extends DoctorHop {
  proc?: SshProcess;
}

/** Never throws. */
export function diagnoseSshLog(text: string, context: DoctorContext = {}): DiagnoseResult {
  try {
    return diagnose(typeof text === 'string' ? text : '', context ?? {});
  } catch {
    return { ok: false, error: refusal('doctor-not-a-log', 'notALog') };
  }
}

function refusal(code: string, key: 'empty' | 'notALog'): SshKeyError {
  return keyError(code, doctorCatalogue.en[key], doctorCatalogue.zh[key], 'log');
}

function diagnose(text: string, ctx: DoctorContext): DiagnoseResult {
  // A secret pasted by mistake: refused with the intake's words, and nothing of it is kept.
  const secret = findPrivateKey(text);
  if (secret) return { ok: false, error: secret };
  if (text.trim() === '') return { ok: false, error: refusal('doctor-empty', 'empty') };
  const log = readSshLog(text);
  if (log.sshLines === 0 && !log.configPermissions) return { ok: false, error: refusal('doctor-not-a-log', 'notALog') };
  const os: DoctorOs = ctx.os ?? (log.windows ? 'windows' : 'posix');
  const hops = buildHops(log, ctx);
  const env = new Env(log, hops, ctx, os);
  const findings: Finding[] = [];
  if (log.configPermissions) {
    findings.push({ code: 'config-permissions', hop: null, message: say('configPermissions', { path: log.configPermissions }), fix: permissionsFix(log.configPermissions, os) });
  }
  // Findings for each hop, in path order; stop after the first hop that failed (what lies
  // behind it was never reached, so nothing there can be judged).
  for (let i = 0; i < hops.length; i++) {
    const f = hopFindings(env, i);
    findings.push(...f);
    if (!hops[i].authenticated) break;
  }
  const allIn = hops.length > 0 && hops.every((h) => h.authenticated);
  if (findings.length === 0 && !allIn) {
    const last = log.lastErrors.slice(-3).join(' / ');
    findings.push({ code: 'unknown', hop: firstFailed(hops), message: last ? say('unknown', { lines: last }) : say('unknownTruncated') });
  }
  const verdict: DoctorCode = findings.length ? findings[0].code : 'ok';
  const summary = findings.length ? findings[0].message : say('ok', { hops: hops.map(label).join(' → ') });
  return {
    ok: true,
    diagnosis: { verdict, findings, os, summary, hops: hops.map(({ proc: _p, ...h }) => h) },
  };
}

function firstFailed(hops: Hop[]): number | null {
  const i = hops.findIndex((h) => !h.authenticated);
  return i < 0 ? null : i;
}

function label(h: { host: string; port?: number; user?: string }): string {
  return `${h.user ? h.user + '@' : ''}${h.host}${h.port !== undefined && h.port !== 22 ? ':' + h.port : ''}`;
}

/** Processes of the last run of ssh in the paste, innermost (first hop) first. */
function buildHops(log: SshLog, ctx: DoctorContext): Hop[] {
  const procs = log.processes.slice(log.runStart).filter((p) => p.host || p.authStarted || p.proxy || p.done || p.identityFiles.length || p.offered.length);
  const chain = [...procs].reverse();
  const hops: Hop[] = chain.map((p) => toHop(p, 'direct'));
  const outer = chain[chain.length - 1];
  if (outer?.proxy) {
    const t = hops[hops.length - 1];
    if (!t.host && outer.proxy.target) {
      t.host = outer.proxy.target.host;
      t.port = t.port ?? outer.proxy.target.port;
    }
    // the hop ssh never got to log (no -v reached it): known from the proxy command only
    if (hops.length === 1 && outer.proxy.jump) {
      const j = outer.proxy.jump;
      hops.unshift({ role: 'jump', host: j.host, port: j.port, user: j.user, reached: false, authenticated: false, offered: [] });
    }
  }
  if (hops.length > 1) hops.forEach((h, i) => (h.role = i === hops.length - 1 ? 'target' : 'jump'));
  // fill what the log does not say from the connection being fixed
  const c = ctx.connection;
  if (c) {
    const t = hops[hops.length - 1];
    if (t && !t.host) t.host = c.host;
    if (hops.length === 0) {
      if (c.jump) hops.push({ role: 'jump', host: c.jump.host, port: c.jump.port, user: c.jump.user, reached: false, authenticated: false, offered: [] });
      hops.push({ role: c.jump ? 'target' : 'direct', host: c.host, port: c.port, user: c.user, reached: false, authenticated: false, offered: [] });
    }
  }
  for (const h of hops) if (!h.host) h.host = '?';
  return hops;
}

function toHop(p: SshProcess, role: Hop['role']): Hop {
  return {
    role,
    host: p.host ?? '',
    port: p.port,
    user: p.user,
    serverSoftware: p.serverSoftware,
    reached: p.authStarted || p.serverSoftware !== undefined,
    authenticated: p.authenticated,
    offered: p.offered,
    accepted: p.accepted,
    proc: p,
  };
}

/** What every finding needs to build its message and fix. */
class Env {
  constructor(
    readonly log: SshLog,
    readonly hops: Hop[],
    readonly ctx: DoctorContext,
    readonly os: DoctorOs,
  ) {}

  /** The connection for config fixes: the one being fixed, else what the log shows. */
  connection(): Connection | undefined {
    if (this.ctx.connection) return this.ctx.connection;
    const t = this.hops[this.hops.length - 1];
    if (!t || t.host === '?') return undefined;
    const ep = (h: Hop): Endpoint => clean({ host: h.host, port: h.port, user: h.user });
    const jump = this.hops.length > 1 ? ep(this.hops[this.hops.length - 2]) : undefined;
    const aic = /^aic-[a-z0-9]{16}$/.test(t.host);
    return clean({ ...ep(t), jump, kind: aic || jump?.host === INFINI_JUMP_HOST ? 'aicoder' : t.port && t.port !== 22 ? 'devmachine' : 'generic' }) as Connection;
  }

  /** The private key fixes should name: given, the saved key's, the one the config names, one that exists. */
  identityFile(): string {
    if (this.ctx.identityFile) return this.ctx.identityFile;
    const named = this.ctx.keys?.find((k) => k.name)?.name;
    if (named) return `~/.ssh/${named}`;
    for (const p of this.log.processes.slice(this.log.runStart)) {
      const explicit = p.identityFiles.find((f) => f.found && !isDefaultKeyName(f.path) && !/-cert$/.test(f.path));
      if (explicit) return homeRelative(explicit.path);
    }
    for (const p of this.log.processes.slice(this.log.runStart)) {
      const any = p.identityFiles.find((f) => f.found && !/-cert$/.test(f.path));
      if (any) return homeRelative(any.path);
    }
    return '~/.ssh/infini_ed25519';
  }

  /** The saved key an offered key is, by fingerprint. */
  savedKey(fp?: string): DoctorKeyInfo | undefined {
    return fp ? this.ctx.keys?.find((k) => k.fingerprint === fp) : undefined;
  }

  keyConfigFix(): Fix | undefined {
    const c = this.connection();
    try {
      return c ? configFix(c, this.identityFile()) : undefined;
    } catch {
      return undefined;
    }
  }
}

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function keyNames(keys: KeyRef[]): string {
  const names = [...new Set(keys.map((k) => homeRelative(k.path) || k.fingerprint || '?'))];
  return names.length ? names.slice(0, 6).join(', ') + (names.length > 6 ? ', …' : '') : '—';
}

function hopFindings(env: Env, i: number): Finding[] {
  const h = env.hops[i];
  const p = h.proc;
  const os = env.os;
  const out: Finding[] = [];
  const add = (code: Finding['code'], message: UserMessage, fix?: Fix) => out.push({ code, hop: i, message, fix });
  const where = label(h);
  if (!p) {
    // known only from the proxy command: the outer ssh tells how the hop ended
    return out;
  }
  if (p.dnsError) {
    const aic = /^aic-[a-z0-9]{16}$/.test(p.dnsError.host);
    const reason = p.dnsError.text.replace(/^.*?: (?=[^:]*$)/, '');
    const c = env.connection();
    // an aic-… name typed without the jump host: the keyed config that goes through it
    const fix = aic && c ? configFix({ ...c, jump: c.jump ?? { host: INFINI_JUMP_HOST }, user: c.user ?? 'root', kind: 'aicoder' }, env.identityFile()) : undefined;
    add('dns', aic ? say('dnsAicoder', { host: p.dnsError.host }) : say('dns', { host: p.dnsError.host, reason }), fix);
  }
  if (p.connectError) {
    const port = h.port ?? 22;
    if (p.connectError.kind === 'refused') add('connection-refused', say('connectionRefused', { host: h.host, port }));
    else add('connection-timeout', say('connectionTimeout', { host: h.host, port, reason: p.connectError.text.replace(/^.*: /, '') }));
  }
  if (p.negotiation) {
    const n = p.negotiation;
    const whatKey = ({ kex: 'whatKex', hostkey: 'whatHostkey', cipher: 'whatCipher', mac: 'whatMac' } as const)[n.what];
    const option = ({ kex: 'KexAlgorithms', hostkey: 'HostKeyAlgorithms', cipher: 'Ciphers', mac: 'MACs' } as const)[n.what];
    const first = n.offer.split(',')[0];
    const msg: UserMessage = {
      en: say('kexFailed', { host: where, what: doctorCatalogue.en[whatKey], offer: n.offer }).en,
      zh: say('kexFailed', { host: where, what: doctorCatalogue.zh[whatKey], offer: n.offer }).zh,
    };
    add('kex-failed', msg, configLineFix([`Host ${h.host}`, `    ${option} +${first}`]));
  }
  if (p.hostKey?.kind === 'changed') {
    const spec = p.hostKey.hostSpec ?? (h.port && h.port !== 22 ? `[${h.host}]:${h.port}` : h.host);
    add('host-key-changed', say('hostKeyChanged', { host: where, file: p.hostKey.file ? homeRelative(p.hostKey.file) : '~/.ssh/known_hosts', line: p.hostKey.line ?? '?' }), forgetHostKeyFix(spec, p.hostKey.file, os));
  } else if (p.hostKey?.kind === 'unverified' && !p.authenticated) {
    const c = env.connection();
    const hopConn: Connection | undefined = h.role === 'target' ? c : clean({ host: h.host, port: h.port, user: h.user, kind: 'generic' as const });
    add('host-key-unverified', say('hostKeyUnverified', { host: where }), hopConn ? firstLoginFix(hopConn, os) : undefined);
  }
  if (out.length) return out;
  if (p.authenticated) {
    if (h.role === 'jump' && p.channelFailures.length && !env.hops[i + 1]?.authenticated) {
      const next = env.hops[i + 1];
      add('jump-channel-failed', say('jumpChannelFailed', { host: where, target: next ? label(next) : '?', reason: p.channelFailures[0].replace(/^channel \d+: open failed: /, '') }));
    }
    return out;
  }

  // The login did not succeed: what ssh could not use, then what the server refused.
  for (const lp of p.loadProblems) {
    const path = homeRelative(lp.path);
    const isPub = /\.pub$/i.test(lp.path);
    if (isPub) {
      add('key-format', say('keyFormatPub', { path }), configLineFix([`IdentityFile ${path.replace(/\.pub$/i, '')}`]));
    } else if (/\.ppk$/i.test(lp.path)) {
      add('key-format', say('keyFormatPpk', { path }), convertPpkFix(lp.path, os));
    } else if (lp.problem === 'bad-permissions') {
      const mode = p.tooOpen.find((t) => t.path === lp.path)?.mode;
      add('key-permissions', os === 'windows' ? say('keyPermissionsWindows', { path }) : say('keyPermissions', { path, mode: mode ? `mode ${mode}` : 'mode' }), permissionsFix(lp.path, os));
    } else if (lp.problem === 'passphrase') {
      add('passphrase', say('passphrase', { path }), checkPassphraseFix(lp.path, os));
    } else if (lp.problem === 'libcrypto') {
      add('key-format', say('keyFormatLibcrypto', { path }), stripCrFix(lp.path, os));
    } else if (lp.problem === 'invalid-format') {
      add('key-format', say('keyFormatInvalid', { path }), checkPassphraseFix(lp.path, os));
    }
  }
  // a bad-permissions warning without its Load key line (a cut log, Windows' wording)
  if (!p.loadProblems.length) {
    for (const t of p.tooOpen) {
      const path = homeRelative(t.path);
      add('key-permissions', os === 'windows' ? say('keyPermissionsWindows', { path }) : say('keyPermissions', { path, mode: t.mode ? `mode ${t.mode}` : 'mode' }), permissionsFix(t.path, os));
    }
  }
  // The server accepted a key ssh then did not use: at -v the only trace of a wrong passphrase
  // (typed at a prompt, or answered by SSH_ASKPASS) is the prompt, or nothing at all.
  if (!p.loadProblems.length && !p.tooOpen.length && p.authFailed && (p.badPassphrase || p.passphraseAsked || p.accepted)) {
    const path = p.accepted?.path ?? p.explicitKeys[0];
    if (path) add('passphrase', say('passphrase', { path: homeRelative(path) }), checkPassphraseFix(path, os));
  }
  if (p.noMutualSignature) {
    const rsa = p.offered.find((k) => /rsa/i.test(k.keyType ?? '')) ?? p.offered[p.offered.length - 1];
    add('no-mutual-signature', say('noMutualSignature', { host: where, path: rsa ? homeRelative(rsa.path) : 'id_rsa' }), newEd25519Fix(os, [`Host ${h.host}`, '    PubkeyAcceptedAlgorithms +ssh-rsa']));
  }
  for (const s of p.skippedAlgorithms) {
    if (/dss|dsa/i.test(s.keyType)) add('no-mutual-signature', say('dsaRefused', { path: homeRelative(s.path) }), newEd25519Fix(os));
  }
  if (p.tooManyFailures) {
    add('too-many-auth-failures', say('tooManyAuthFailures', { host: where, count: p.offered.length, offered: keyNames(p.offered) }), env.keyConfigFix());
  }
  const specific = out.length > 0;
  if (!p.authFailed && !p.tooManyFailures && !specific) {
    // not denied: the login never ended (cut log, or the hop behind a proxy that closed)
    return out;
  }

  const jump = h.role === 'jump';
  if (jump && (p.authFailed || p.tooManyFailures) && !out.some((f) => f.code === 'key-permissions' || f.code === 'passphrase' || f.code === 'key-format' || f.code === 'too-many-auth-failures' || f.code === 'no-mutual-signature')) {
    const next = env.hops[i + 1];
    const params = { host: where, offered: keyNames(p.offered), target: next ? label(next) : '?' };
    out.unshift({ code: 'jump-auth-failed', hop: i, message: say(p.offered.length ? 'jumpAuthFailed' : 'jumpAuthFailedNoKey', params), fix: env.keyConfigFix() });
  }
  if (specific) return out;

  const expected = env.ctx.keys ?? [];
  const offeredFps = new Set(p.offered.map((k) => k.fingerprint).filter(Boolean));
  const missing = p.missing.filter((m) => !isDefaultKeyName(m));
  if (missing.length) {
    add('key-not-found', say('keyNotFound', { path: homeRelative(missing[0]), host: where }), env.keyConfigFix() ?? listKeysFix(os));
  } else if (p.offered.length === 0) {
    const tried = [...new Set([...p.explicitKeys, ...p.identityFiles.filter((f) => !/-cert$/.test(f.path)).map((f) => f.path)].map(homeRelative))];
    add('no-key-offered', say('noKeyOffered', { host: where, tried: tried.slice(0, 6).join(', ') || '—' }), env.keyConfigFix() ?? newEd25519Fix(os));
  } else if (expected.length && !expected.some((k) => offeredFps.has(k.fingerprint))) {
    const k = expected[0];
    add('key-not-offered', say('keyNotOffered', { name: k.name ?? k.fingerprint, fingerprint: k.fingerprint, host: where, offered: keyNames(p.offered) }), env.keyConfigFix());
  } else {
    const refused = p.offered.filter((k) => !expected.length || offeredFps.has(k.fingerprint)).slice(-1)[0] ?? p.offered[p.offered.length - 1];
    const saved = env.savedKey(refused?.fingerprint) ?? expected.find((k) => offeredFps.has(k.fingerprint));
    const fix = authorizeFix(saved?.publicKeyLine ?? expected[0]?.publicKeyLine);
    const msg = say('keyRejected', { host: where, offered: keyNames(refused ? [refused] : p.offered), user: h.user ?? '?' });
    const how = say('howAuthorizeNoKey');
    add('key-rejected', fix ? msg : { en: `${msg.en} ${how.en}`, zh: `${msg.zh}${how.zh}` }, fix);
  }
  // one fix is shown once: a secondary finding that would repeat the root cause's fix has none
  const seen = new Set<string>();
  for (const f of out) {
    if (f.fix && seen.has(f.fix.text)) delete f.fix;
    else if (f.fix) seen.add(f.fix.text);
  }
  return out;
}
