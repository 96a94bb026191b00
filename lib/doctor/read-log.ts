// Reading an `ssh -v` log into the ssh processes it came from and what each one saw.
//
// With ProxyJump, ssh starts a second ssh for the hop (given -v too) and both write to the same
// stderr: the outer prints its `OpenSSH_…` header, config and identity files, then the inner
// prints its own header and runs its whole login, then the outer logs in through it. So the
// log is read as a sequence of processes: a header starts one, and a line that names no host
// belongs to the newest process that has not finished (authenticated or failed). Lines that
// name a host (connect errors, "Unable to negotiate with H port P", "user@H: Permission
// denied") go to the process for that host when there is one.
//
// Robust by construction: one pass over the lines, each matched by anchored regular
// expressions on at most MAX_LINE characters, so time is linear in the input; anything not
// recognised is skipped. OpenSSH 7.4 to 10.x wordings, Windows' OpenSSH_for_Windows and
// macOS' LibreSSL builds, -v to -vvv (levels are stripped), CRLF, ANSI colours, a shell
// prompt and other text around the log.

const MAX_LINE = 4096;
/** At most this many items of one kind are kept per process (a 5 MB paste stays small in memory). */
const MAX_ITEMS = 64;

export interface KeyRef {
  path: string;
  /** SHA256:… when the log names it */
  fingerprint?: string;
  /** ED25519, RSA, … when the log names it */
  keyType?: string;
}

export interface IdentityFileLine {
  path: string;
  /** false for `type -1`: no such file, or not a key ssh could read */
  found: boolean;
}

export type LoadKeyProblem = 'bad-permissions' | 'invalid-format' | 'libcrypto' | 'passphrase' | 'unreadable';

export interface HostKeyProblem {
  kind: 'changed' | 'unverified';
  /** known_hosts file and line of the offending key (changed only) */
  file?: string;
  line?: number;
  /** the host as ssh names it in known_hosts, e.g. [127.0.0.1]:2222 */
  hostSpec?: string;
}

export interface SshProcess {
  /** the `OpenSSH_…` header line, when the log has it */
  version?: string;
  /** the host:port it connects to (Connecting to / Authenticating to) */
  host?: string;
  port?: number;
  user?: string;
  /** `remote software version …` */
  serverSoftware?: string;
  /** an `Authenticating to` line was seen */
  authStarted: boolean;
  authenticated: boolean;
  /** `Permission denied (…)` */
  authFailed: boolean;
  /** ProxyJump / ProxyCommand: the host the proxy goes to (-W) and the hop it runs through */
  proxy?: { target?: { host: string; port?: number }; jump?: { host: string; port?: number; user?: string } };
  identityFiles: IdentityFileLine[];
  /** keys named with `Will attempt key: PATH … explicit` (IdentityFile / -i) */
  explicitKeys: string[];
  offered: KeyRef[];
  accepted?: KeyRef;
  missing: string[];
  loadProblems: { path: string; problem: LoadKeyProblem }[];
  /** the path of an `UNPROTECTED PRIVATE KEY FILE` warning, with its mode when given */
  tooOpen: { path: string; mode?: string }[];
  /** a passphrase was asked for (askpass, a prompt in the log, `bad passphrase given`) */
  passphraseAsked: boolean;
  badPassphrase: boolean;
  noMutualSignature: boolean;
  skippedAlgorithms: { keyType: string; path: string }[];
  tooManyFailures: boolean;
  connectError?: { kind: 'refused' | 'timeout' | 'unreachable'; text: string };
  dnsError?: { host: string; text: string };
  negotiation?: { what: 'kex' | 'hostkey' | 'cipher' | 'mac'; offer: string; text: string };
  hostKey?: HostKeyProblem;
  channelFailures: string[];
  /** `kex_exchange_identification: Connection closed by remote host` and the like */
  closedBeforeBanner?: string;
  /** the process has finished: authenticated, denied, or a fatal error */
  done: boolean;
}

export interface SshLog {
  processes: SshProcess[];
  /** where the last run of ssh in the paste begins (a paste may hold several attempts) */
  runStart: number;
  /** `Bad owner or permissions on PATH` (ssh stops before connecting) */
  configPermissions?: string;
  /** the last lines that looked like errors (for `unknown`) */
  lastErrors: string[];
  /** a command line (`$ ssh …`) found in the paste */
  commandLine?: string;
  /** recognised ssh lines (0: not an ssh log) */
  sshLines: number;
  windows: boolean;
  mac: boolean;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f]/g;
const LEVEL = /^(?:debug[1-3]|DEBUG[1-3]?):\s?/;
const HEADER = /^(OpenSSH_(?:for_Windows_)?[0-9][0-9A-Za-z._-]*)(?:[ ,]|$)/;
const DEFAULT_KEY = /(?:^|[\\/])id_(?:rsa|dsa|ecdsa|ecdsa_sk|ed25519|ed25519_sk|xmss)(?:-cert)?$/;

export function isDefaultKeyName(path: string): boolean {
  return DEFAULT_KEY.test(path);
}

function newProcess(version?: string): SshProcess {
  return {
    version,
    authStarted: false,
    authenticated: false,
    authFailed: false,
    identityFiles: [],
    explicitKeys: [],
    offered: [],
    missing: [],
    loadProblems: [],
    tooOpen: [],
    passphraseAsked: false,
    badPassphrase: false,
    noMutualSignature: false,
    skippedAlgorithms: [],
    tooManyFailures: false,
    channelFailures: [],
    done: false,
  };
}

function push<T>(list: T[], item: T): void {
  if (list.length < MAX_ITEMS) list.push(item);
}

/** Windows' ssh prints paths with doubled backslashes (C:\\Users\\me/.ssh/id_rsa). */
function cleanPath(p: string): string {
  return p.trim().replace(/\\\\/g, '\\');
}

const FP = /^(?:SHA256:[A-Za-z0-9+/]{43}=?|MD5:[0-9a-f]{2}(?::[0-9a-f]{2}){15})$/;

/** `PATH TYPE FP [explicit|agent]` (8.x+), `TYPE FP PATH` (7.6–7.9) or `PATH` alone. */
function keyRef(rest: string): KeyRef {
  const words = rest.trim().split(/\s+/);
  const fpAt = words.findIndex((w) => FP.test(w));
  if (fpAt < 0) return { path: cleanPath(rest.replace(/\s+(?:explicit|agent)$/, '')) };
  const fingerprint = words[fpAt];
  if (fpAt === 1 && words.length > 2 && !/[\\/]/.test(words[0])) {
    return { path: cleanPath(words.slice(2).join(' ').replace(/\s+(?:explicit|agent)$/, '')), fingerprint, keyType: words[0] };
  }
  return { path: cleanPath(words.slice(0, Math.max(0, fpAt - 1)).join(' ')), fingerprint, keyType: words[fpAt - 1] };
}

/** Enough of a shell word split for the proxy commands ssh prints (single quotes only). */
function words(cmd: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  let cur = '';
  let last = -1;
  while ((m = re.exec(cmd)) !== null) {
    const piece = m[1] ?? m[2] ?? m[3];
    if (m.index === last) cur += piece;
    else {
      if (last >= 0) out.push(cur);
      cur = piece;
    }
    last = re.lastIndex;
    if (out.length > 64) break;
  }
  if (last >= 0) out.push(cur);
  return out;
}

function hostPort(s: string): { host: string; port?: number } {
  const b = /^\[([^\]]+)\]:(\d+)$/.exec(s);
  if (b) return { host: b[1], port: Number(b[2]) };
  const hp = /^([^:]+):(\d+)$/.exec(s);
  if (hp) return { host: hp[1], port: Number(hp[2]) };
  return { host: s.replace(/^\[|\]$/g, '') };
}

/** `exec ssh -l u -p 2222 -F cfg -v -W '[%h]:%p' jump` → the -W target and the hop. */
function parseProxy(cmd: string): SshProcess['proxy'] {
  const w = words(cmd.replace(/^exec\s+/, ''));
  if (!w.length || !/(?:^|[\\/])ssh(?:\.exe)?$/i.test(w[0])) return undefined;
  const withArg = new Set('bcDeEFiIJlLmoOpPQRSwWB'.split(''));
  let user: string | undefined;
  let port: number | undefined;
  let target: { host: string; port?: number } | undefined;
  let dest: string | undefined;
  for (let i = 1; i < w.length; i++) {
    const a = w[i];
    if (a.startsWith('-') && a.length > 1) {
      const f = a[1];
      const val = a.length > 2 ? a.slice(2) : withArg.has(f) ? w[++i] : undefined;
      if (f === 'l') user = val;
      else if (f === 'p' && val && /^\d+$/.test(val)) port = Number(val);
      else if (f === 'W' && val && !val.includes('%')) target = hostPort(val);
      continue;
    }
    if (dest === undefined) dest = a;
  }
  if (!dest) return { target };
  const at = dest.lastIndexOf('@');
  if (at >= 0) user = user ?? dest.slice(0, at);
  const hp = hostPort(at >= 0 ? dest.slice(at + 1) : dest);
  return { target, jump: { host: hp.host, port: port ?? hp.port, user } };
}

const LOAD_PROBLEMS: [RegExp, LoadKeyProblem][] = [
  [/bad permissions/i, 'bad-permissions'],
  [/incorrect passphrase|bad passphrase/i, 'passphrase'],
  [/error in libcrypto/i, 'libcrypto'],
  [/invalid format|not a key|unknown or unsupported key type|key_load_private/i, 'invalid-format'],
  [/permission denied|no such file/i, 'unreadable'],
];

// Lines that look like errors but are not problems (for `unknown`, never reported as a cause).
const BENIGN = /^(?:Warning: Permanently added|Pseudo-terminal will not be allocated|Connection to \S+ closed\.|Transferred:|Bytes per second|Authenticated to|Last login)/;

export function readSshLog(input: string): SshLog {
  const log: SshLog = { processes: [], runStart: 0, lastErrors: [], sshLines: 0, windows: false, mac: false };
  const procs = log.processes;
  const current = (): SshProcess => {
    for (let i = procs.length - 1; i >= log.runStart; i--) if (!procs[i].done) return procs[i];
    if (procs.length === log.runStart) procs.push(newProcess());
    return procs[procs.length - 1];
  };
  /** the process for a host named in an error line: an unfinished one for that host, else the current one */
  const forHost = (host: string, port?: number): SshProcess => {
    for (let i = procs.length - 1; i >= log.runStart; i--) {
      const p = procs[i];
      if (!p.done && p.host === host && (port === undefined || p.port === undefined || p.port === port)) return p;
    }
    const c = current();
    // the outer ssh has not started its own login yet: this is its proxy hop (a hop run without -v)
    if (c.proxy && !c.authStarted && c.proxy.jump?.host === host && (port === undefined || c.proxy.target?.port !== port || c.proxy.target?.host !== host)) {
      const hop = newProcess();
      hop.host = host;
      hop.port = port ?? c.proxy.jump.port;
      hop.user = c.proxy.jump.user;
      procs.push(hop);
      return hop;
    }
    return c;
  };
  let inChangedBanner = false;

  const text = typeof input === 'string' ? input : '';
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let raw = text.slice(start, Math.min(end, start + MAX_LINE));
    start = end + 1;
    if (raw.includes('\x1b') || /[\x00-\x08\x0b-\x1f\x7f]/.test(raw)) raw = raw.replace(ANSI, '');
    // PowerShell 5 prefixes the first stderr line of a native command with "ssh.exe : "
    let line = raw.trim().replace(/^ssh(?:\.exe)? : /, '');
    if (line === '') continue;
    const level = LEVEL.exec(line);
    if (level) line = line.slice(level[0].length);
    let m: RegExpExecArray | null;

    if ((m = HEADER.exec(line))) {
      log.sshLines++;
      // a hop's ssh when an unfinished process of this run waits for its proxy; else a new attempt
      let waiting = false;
      for (let i = procs.length - 1; i >= log.runStart && !waiting; i--) waiting = !procs[i].done && procs[i].proxy !== undefined && !procs[i].authStarted;
      if (!waiting) {
        log.runStart = procs.length;
        inChangedBanner = false;
      }
      procs.push(newProcess(m[1]));
      if (/for_Windows/i.test(m[1])) log.windows = true;
      if (/LibreSSL/.test(line) && !log.windows) log.mac = true;
      continue;
    }
    // a command line pasted with its prompt: `$ ssh -v …`, `PS C:\> ssh …`, `user@host:~$ ssh …`
    if (!level && log.commandLine === undefined && line.length < 512 && line.includes('ssh') && (m = /^(?:.*?[$#%>]\s*)?((?:\S*[\\/])?ssh(?:\.exe)?\s+\S.*)$/.exec(line)) && !/^(?:ssh:|ssh_)/.test(line)) {
      log.commandLine = m[1];
      continue;
    }

    if ((m = /^(?:Setting implicit ProxyCommand from ProxyJump|Executing proxy command): (.*)$/.exec(line))) {
      log.sshLines++;
      const p = current();
      const px = parseProxy(m[1]);
      if (px) p.proxy = { target: px.target ?? p.proxy?.target, jump: px.jump ?? p.proxy?.jump };
      continue;
    }
    if ((m = /^Connecting to (\S+)(?: \[[^\]]*\])? port (\d+)\.?$/.exec(line))) {
      log.sshLines++;
      const p = current();
      p.host = p.host ?? m[1];
      p.port = p.port ?? Number(m[2]);
      continue;
    }
    if ((m = /^identity file (.+) type (-?\d+)$/.exec(line))) {
      log.sshLines++;
      push(current().identityFiles, { path: cleanPath(m[1]), found: m[2] !== '-1' });
      if (/^[A-Za-z]:[\\/]/.test(m[1])) log.windows = true;
      else if (m[1].startsWith('/Users/')) log.mac = true;
      continue;
    }
    if ((m = /^Remote protocol version [^,]*, remote software version (.+)$/.exec(line))) {
      log.sshLines++;
      current().serverSoftware = m[1].trim();
      continue;
    }
    if ((m = /^Authenticating to (.+):(\d+) as '(.*)'$/.exec(line))) {
      log.sshLines++;
      let p = current();
      // a process that already started a login is not this one (a hop run without -v, or a cut log)
      if (p.authStarted) {
        p = newProcess();
        procs.push(p);
      }
      p.host = m[1].replace(/^\[|\]$/g, '');
      p.port = Number(m[2]);
      p.user = m[3];
      p.authStarted = true;
      continue;
    }
    if ((m = /^Will attempt key: (.*?)\s+explicit$/.exec(line))) {
      log.sshLines++;
      push(current().explicitKeys, keyRef(m[1]).path);
      continue;
    }
    if ((m = /^Offering (?:(\S+) )?public key: (.*)$/.exec(line))) {
      log.sshLines++;
      const k = keyRef(m[2]);
      if (m[1] && !k.keyType) k.keyType = m[1];
      push(current().offered, k);
      continue;
    }
    if ((m = /^Server accepts key: (.*)$/.exec(line))) {
      log.sshLines++;
      const p = current();
      const k = /^pkalg /.test(m[1]) ? p.offered[p.offered.length - 1] : keyRef(m[1]);
      if (k) p.accepted = k;
      continue;
    }
    if ((m = /^(?:no such identity:|Warning: Identity file) (.+?)(?::| not accessible:) No such file or directory\.?$/i.exec(line))) {
      log.sshLines++;
      push(current().missing, cleanPath(m[1]));
      continue;
    }
    if ((m = /^Load key "(.*)": (.*)$/.exec(line))) {
      log.sshLines++;
      const problem = LOAD_PROBLEMS.find(([re]) => re.test(m![2]))?.[1] ?? 'invalid-format';
      push(current().loadProblems, { path: cleanPath(m[1]), problem });
      continue;
    }
    if ((m = /^Permissions (?:(0?[0-7]{3,4}) )?for '(.*)' are too open\.?$/.exec(line))) {
      log.sshLines++;
      push(current().tooOpen, { path: cleanPath(m[2]), mode: m[1] });
      continue;
    }
    if ((m = /^Bad permissions\. Try removing permissions for user: .* on file (.+?)\.?$/.exec(line))) {
      log.sshLines++;
      log.windows = true;
      push(current().tooOpen, { path: cleanPath(m[1]) });
      continue;
    }
    if ((m = /^Bad owner or permissions on (.+)$/.exec(line))) {
      log.sshLines++;
      log.configPermissions = cleanPath(m[1]);
      current().done = true;
      continue;
    }
    if (/^(?:read_passphrase: requested to askpass|Enter passphrase for (?:key )?'?)/.test(line) || /^bad passphrase given|^Bad passphrase, try again/i.test(line)) {
      log.sshLines++;
      const p = current();
      p.passphraseAsked = true;
      if (/bad passphrase/i.test(line)) p.badPassphrase = true;
      continue;
    }
    if (/no mutual signature (?:algorithm|supported)/i.test(line)) {
      log.sshLines++;
      current().noMutualSignature = true;
      continue;
    }
    if ((m = /^Skipping (\S+) key (.+?) (?:- |for )(?:corresponding algo(?:rithm)? )?not in PubkeyAcceptedAlgorithms/i.exec(line))) {
      log.sshLines++;
      push(current().skippedAlgorithms, { keyType: m[1], path: cleanPath(m[2]) });
      continue;
    }
    if (/too many authentication failures/i.test(line)) {
      log.sshLines++;
      // `Received disconnect from H port P:2: …` names the host; a Go server says it lower-case
      const r = /from (\S+) port (\d+)/.exec(line);
      const p = r ? forHost(r[1], Number(r[2])) : current();
      p.tooManyFailures = true;
      p.done = true;
      continue;
    }
    if (line.includes('Permission denied (') && (m = /^(?:([^@\s]*)@)?(\S+?): Permission denied \(([^)]*)\)\.?$/.exec(line)) || (m = /^()()Permission denied \(([^)]*)\)\.?$/.exec(line))) {
      log.sshLines++;
      const p = m[2] ? forHost(m[2]) : current();
      p.authFailed = true;
      p.done = true;
      if (m[1] && !p.user) p.user = m[1];
      if (m[2] && !p.host) p.host = m[2];
      continue;
    }
    if ((m = /^Authenticated to (\S+) (?:\((?:via proxy|\[[^\]]*\]:(\d+))\))?/.exec(line)) || /^Authentication succeeded \(/.test(line)) {
      log.sshLines++;
      const p = current();
      p.authenticated = true;
      p.done = true;
      if (m && !p.host) p.host = m[1];
      continue;
    }
    if ((m = /^(?:ssh: )?connect to host (\S+) port (\d+): (.*)$/.exec(line))) {
      log.sshLines++;
      const why = m[3];
      const kind = /refused/i.test(why) ? 'refused' : /timed out/i.test(why) ? 'timeout' : 'unreachable';
      const p = forHost(m[1], Number(m[2]));
      p.host = p.host ?? m[1];
      p.port = p.port ?? Number(m[2]);
      p.connectError = { kind, text: line };
      p.done = true;
      continue;
    }
    if ((m = /^(?:ssh: )?Connection (?:timed out during banner exchange|to (\S+) port (\d+) timed out)/.exec(line))) {
      log.sshLines++;
      const p = m[1] ? forHost(m[1], Number(m[2])) : current();
      p.connectError = { kind: 'timeout', text: line };
      p.done = true;
      continue;
    }
    if ((m = /^(?:ssh: )?Could not resolve (?:hostname|host name) (.+?): (.*)$/i.exec(line))) {
      log.sshLines++;
      const p = forHost(m[1]);
      p.host = p.host ?? m[1];
      p.dnsError = { host: m[1], text: line };
      p.done = true;
      continue;
    }
    if ((m = /^Unable to negotiate with (\S+) port (\d+): no matching (key exchange method|host key type|cipher|MAC) found\. Their offer: (.*)$/i.exec(line))) {
      log.sshLines++;
      const what = ({ 'key exchange method': 'kex', 'host key type': 'hostkey', cipher: 'cipher', mac: 'mac' } as const)[m[3].toLowerCase() as 'cipher'];
      const p = forHost(m[1], Number(m[2]));
      p.negotiation = { what, offer: m[4].trim(), text: line };
      p.done = true;
      continue;
    }
    if (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(line)) {
      log.sshLines++;
      inChangedBanner = true;
      current().hostKey = { kind: 'changed' };
      continue;
    }
    if ((m = /^Offending (?:\S+ )?key (?:for \S+ )?in (.+):(\d+)$/.exec(line))) {
      log.sshLines++;
      const p = current();
      p.hostKey = { ...(p.hostKey ?? { kind: 'changed' }), kind: 'changed', file: p.hostKey?.file ?? cleanPath(m[1]), line: p.hostKey?.line ?? Number(m[2]) };
      continue;
    }
    if ((m = /^ssh-keygen -f "(.+)" -R "(.+)"$/.exec(line))) {
      log.sshLines++;
      const p = current();
      p.hostKey = { ...(p.hostKey ?? { kind: 'changed' }), file: p.hostKey?.file ?? cleanPath(m[1]), hostSpec: m[2] };
      continue;
    }
    if ((m = /^Host key for (\S+) has changed and you have requested strict checking\.?$/.exec(line))) {
      log.sshLines++;
      const p = current();
      p.hostKey = { ...(p.hostKey ?? { kind: 'changed' }), kind: 'changed', hostSpec: p.hostKey?.hostSpec ?? m[1] };
      continue;
    }
    if ((m = /^No \S+ host key is known for (\S+) and you have requested strict checking\.?$/.exec(line)) || (m = /^The authenticity of host '([^' ]+)/.exec(line))) {
      log.sshLines++;
      const p = current();
      if (p.hostKey?.kind !== 'changed') p.hostKey = { kind: 'unverified', hostSpec: m[1] };
      continue;
    }
    if (/^Host key verification failed\.?$/.test(line)) {
      log.sshLines++;
      const p = current();
      if (!p.hostKey && !inChangedBanner) p.hostKey = { kind: 'unverified' };
      p.done = true;
      inChangedBanner = false;
      continue;
    }
    if ((m = /^(channel \d+: open failed: .*|stdio forwarding failed|channel_by_id: \d+: bad id.*)$/.exec(line))) {
      log.sshLines++;
      // the hop that forwards: the newest process that authenticated
      let p: SshProcess | undefined;
      for (let i = procs.length - 1; i >= log.runStart && !p; i--) if (procs[i].authenticated) p = procs[i];
      push((p ?? current()).channelFailures, m[1]);
      continue;
    }
    if ((m = /^((?:kex|ssh)_exchange_identification: .*|Connection closed by UNKNOWN port \d+|Connection (?:closed|reset) by (?:remote host|\S+ port \d+))$/.exec(line))) {
      log.sshLines++;
      const p = current();
      p.closedBeforeBanner = p.closedBeforeBanner ?? m[1];
      if (!p.authenticated) p.done = true;
      continue;
    }
    if (level) {
      log.sshLines++;
      continue;
    }
    if (!BENIGN.test(line) && /^(?:ssh: |[A-Za-z_]+: )?.*(?:error|fail|denied|refused|closed|invalid|bad|unable|cannot|can't|not |disconnect)/i.test(line)) {
      log.lastErrors.push(line.slice(0, 300));
      if (log.lastErrors.length > 6) log.lastErrors.shift();
    }
  }
  return log;
}
