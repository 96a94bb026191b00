// Connect commands: reading the `ssh …` line a console shows (or a user pastes) into a
// Connection, and writing one back that uses the chosen key file.
//
// Reading is deliberately narrow: one ssh command (or a bare host, as the platform's API
// returns it), parsed the way ssh itself parses its arguments (getopt with ssh's option
// string, options after the destination, "first value obtained wins"; checked against
// `ssh -G` in tests/interop/config-parse-oracle.test.ts). Anything a shell would treat as
// more than one simple command is refused, never run or guessed at. Every flag and -o keyword
// has one rule in SSH_OPTION_RULES: options that load or run code, write files or make ssh do
// something other than log in (-I, -E, -S, -w, -F, -W, -G, ProxyCommand, PKCS11Provider, …) are
// refused; weakening ones (-A, -X, -Y, -R, -g, host-key checking off, …) and harmless ones (-v,
// -t, -C, timeouts) are accepted and never carried into what we copy. Text a page could make
// look different from what it is is refused too: control and invisible format characters
// (zero-width, bidi controls, C0/C1), and `#`, which bash reads as a comment but interactive
// zsh (macOS's default shell) does not.
import { keyError, SshKeyError } from '../ssh/errors';
import { INFINI_JUMP_HOST, jumpHops, type Connection, type Endpoint, type Shell } from './types';
import { percentLiteral, posixPath, posixQuote, psPath, psQuote } from './quote';

export type ParseConnectResult = { ok: true; connection: Connection } | { ok: false; error: SshKeyError };

const AICODER_HOST = /^aic-[a-z0-9]{16}$/;

// ssh 9.2's getopt string: which flags take an argument.
const SSH_FLAGS_WITH_ARG = new Set('bcDeEFiIJlLmoOpPQRSwWB'.split(''));
const SSH_FLAGS_NO_ARG = new Set('146afgknqstvxACGKMNTVXYy2'.split(''));

/**
 * What the parser does with each ssh flag (`-X`) and `-o` keyword (lower case), audited against
 * ssh(1) and ssh_config(5) of OpenSSH 9.2. One table, so a flag and the keyword it sets get the
 * same answer (`-I` and `-o PKCS11Provider`, `-S` and `-o ControlPath`, `-A` and `-o ForwardAgent`):
 * - `refuse`: the command loads or runs code, writes a file, or does something other than open a
 *   login session. No button is offered for it, and a pasted one gets this message.
 * - `drop`: it weakens the connection (forwarding the agent or X11 to the server, opening ports,
 *   host-key checking off). Accepted, so the page's command still gets its actions, but never
 *   carried into anything we copy: what we copy is rebuilt from the parsed host, port, user and
 *   jump only (lib/config/canonical-command.ts).
 * - `ignore`: harmless tuning (timeouts, ciphers, verbosity). Accepted, not carried either.
 * The settings that say which machine, account and key (-p, -l, -i, -J and their keywords,
 * HostName) are read by parseSshArgs itself. Any -o keyword not listed here is refused.
 */
type Rule = { act: 'refuse'; en: string; zh: string } | { act: 'drop' | 'ignore' };
const refuseRule = (en: string, zh: string): Rule => ({ act: 'refuse', en, zh });
const DROP: Rule = { act: 'drop' };
const IGNORE: Rule = { act: 'ignore' };
const SSH_OPTION_RULES = new Map<string, Rule>([
  // --- not a login session ---
  ['-G', refuseRule('prints the configuration instead of connecting', '会打印配置而不是连接')],
  ['-V', refuseRule('prints the version instead of connecting', '会打印版本而不是连接')],
  ['-Q', refuseRule('queries supported algorithms instead of connecting', '会查询支持的算法而不是连接')],
  ['-O', refuseRule('controls an existing master connection', '会控制已有的主连接')],
  ['-W', refuseRule('forwards stdin/stdout instead of opening a session', '会转发标准输入输出而不是打开会话')],
  ['-s', refuseRule('requests a subsystem instead of a shell', '会请求子系统而不是 shell')],
  ['remotecommand', refuseRule('runs a command on the server instead of a shell', '会在服务器上执行命令而不是打开 shell')],
  ['sessiontype', refuseRule('changes what the session is (none, subsystem)', '会改变会话类型(none、subsystem)')],
  // --- loads or runs code on this computer ---
  ['-I', refuseRule('loads a PKCS#11 library (code) into ssh', '会把 PKCS#11 库(代码)加载进 ssh')],
  ['pkcs11provider', refuseRule('loads a PKCS#11 library (code) into ssh', '会把 PKCS#11 库(代码)加载进 ssh')],
  ['securitykeyprovider', refuseRule('loads a security-key library (code) into ssh', '会把安全密钥库(代码)加载进 ssh')],
  ['proxycommand', refuseRule('runs a command on this computer', '会在本机执行命令')],
  ['localcommand', refuseRule('runs a command on this computer after connecting', '会在连接后于本机执行命令')],
  ['permitlocalcommand', refuseRule('allows running a command on this computer (LocalCommand, the ~C escape)', '会允许在本机执行命令(LocalCommand、~C 转义)')],
  ['knownhostscommand', refuseRule('runs a command on this computer to look up host keys', '会在本机执行命令来查询主机密钥')],
  ['xauthlocation', refuseRule('names a program ssh runs on this computer', '指定了 ssh 会在本机运行的程序')],
  ['proxyusefdpass', refuseRule('hands the connection to a ProxyCommand program', '会把连接交给 ProxyCommand 程序')],
  ['match', refuseRule('selects configuration (Match exec runs a command)', '会选择配置(Match exec 会执行命令)')],
  ['include', refuseRule('reads another configuration file', '会读取另一个配置文件')],
  ['-F', refuseRule('reads another configuration file', '会读取另一个配置文件')],
  ['-P', refuseRule('selects configuration blocks by a tag (OpenSSH 9.4; older versions ignore it)', '会按标签选择配置块(OpenSSH 9.4 起;更早的版本忽略它)')],
  ['tag', refuseRule('selects configuration blocks by a tag', '会按标签选择配置块')],
  ['canonicalizehostname', refuseRule('changes which host name is used and re-reads the configuration', '会改变使用的主机名并重新读取配置')],
  // --- writes files on this computer ---
  ['-E', refuseRule('appends its log to a file (text the server can choose)', '会把日志追加到文件(内容可由服务器决定)')],
  ['-y', IGNORE], // logs to syslog instead of stderr
  ['-S', refuseRule('creates a control socket file', '会创建控制套接字文件')],
  ['controlpath', refuseRule('creates a control socket file', '会创建控制套接字文件')],
  ['-M', refuseRule('makes ssh a master connection others can reuse', '会让 ssh 成为可被复用的主连接')],
  ['controlmaster', refuseRule('makes ssh a master connection others can reuse', '会让 ssh 成为可被复用的主连接')],
  ['controlpersist', refuseRule('keeps a master connection open in the background', '会在后台保持主连接')],
  ['-w', refuseRule('opens a tunnel device on this computer', '会在本机打开隧道设备')],
  ['tunnel', refuseRule('opens a tunnel device on this computer', '会在本机打开隧道设备')],
  ['tunneldevice', refuseRule('opens a tunnel device on this computer', '会在本机打开隧道设备')],
  ['-f', refuseRule('goes to the background after logging in', '会在登录后转入后台')],
  // --- weakens the connection: accepted, never carried ---
  ['-A', DROP], // forwards the agent: the server can use every key in it
  ['forwardagent', DROP],
  ['identityagent', DROP], // another agent socket, chosen by the page
  ['-X', DROP], // X11 forwarding: the server can reach the local display
  ['-Y', DROP], // trusted X11 forwarding: keystrokes and screen
  ['forwardx11', DROP],
  ['forwardx11trusted', DROP],
  ['forwardx11timeout', DROP],
  ['-K', DROP], // GSSAPI credential delegation
  ['gssapiauthentication', DROP],
  ['gssapidelegatecredentials', DROP],
  ['-R', DROP], // the server opens connections into this computer's network
  ['remoteforward', DROP],
  ['permitremoteopen', DROP],
  ['-L', DROP], // listens on a local port
  ['localforward', DROP],
  ['-D', DROP], // a local SOCKS proxy into the server's network
  ['dynamicforward', DROP],
  ['-g', DROP], // lets other computers use the forwarded ports
  ['gatewayports', DROP],
  ['streamlocalbindunlink', DROP],
  ['streamlocalbindmask', DROP],
  ['clearallforwardings', DROP],
  ['exitonforwardfailure', DROP],
  ['stricthostkeychecking', DROP], // =no accepts any host key: a man in the middle goes unnoticed
  ['userknownhostsfile', DROP], // =/dev/null forgets host keys; any other value names a file ssh writes
  ['globalknownhostsfile', DROP],
  ['checkhostip', DROP],
  ['verifyhostkeydns', DROP],
  ['updatehostkeys', DROP], // the server may add host keys to known_hosts
  ['hostkeyalias', DROP], // checks the host key under another host's name
  ['hostbasedauthentication', DROP],
  ['enablesshkeysign', DROP],
  ['addkeystoagent', DROP],
  ['sendenv', DROP], // sends local environment variables to the server
  ['setenv', DROP],
  ['passwordauthentication', DROP],
  ['kbdinteractiveauthentication', DROP],
  ['preferredauthentications', DROP],
  ['numberofpasswordprompts', DROP],
  ['requesttty', DROP],
  ['-e', DROP], // the escape character (~C and kin)
  ['escapechar', DROP],
  ['-c', DROP], // ciphers, MACs, algorithms: an old one may be weaker than ssh's defaults
  ['-m', DROP],
  ['ciphers', DROP],
  ['macs', DROP],
  ['kexalgorithms', DROP],
  ['hostkeyalgorithms', DROP],
  ['pubkeyacceptedkeytypes', DROP],
  ['pubkeyacceptedalgorithms', DROP],
  ['casignaturealgorithms', DROP],
  ['requiredrsasize', DROP],
  // --- harmless tuning: accepted, not carried ---
  ['-1', IGNORE],
  ['-2', IGNORE],
  ['-4', IGNORE],
  ['-6', IGNORE],
  ['-a', IGNORE],
  ['-x', IGNORE],
  ['-k', IGNORE],
  ['-n', IGNORE],
  ['-N', IGNORE],
  ['-q', IGNORE],
  ['-t', IGNORE],
  ['-T', IGNORE],
  ['-v', IGNORE],
  ['-C', IGNORE],
  ['-b', IGNORE],
  ['-B', IGNORE],
  ['serveraliveinterval', IGNORE],
  ['serveralivecountmax', IGNORE],
  ['connecttimeout', IGNORE],
  ['connectionattempts', IGNORE],
  ['identitiesonly', IGNORE],
  ['loglevel', IGNORE],
  ['compression', IGNORE],
  ['tcpkeepalive', IGNORE],
  ['batchmode', IGNORE],
  ['pubkeyauthentication', IGNORE],
  ['hashknownhosts', IGNORE],
  ['visualhostkey', IGNORE],
  ['addressfamily', IGNORE],
  ['ipqos', IGNORE],
  ['fingerprinthash', IGNORE],
  ['bindaddress', IGNORE],
  ['bindinterface', IGNORE],
  ['rekeylimit', IGNORE],
  ['obscurekeystroketiming', IGNORE],
]);

const err = (code: string, en: string, zh: string) => keyError(code, en, zh, 'command');

/** Whitespace as it arrives from web pages: NBSP and the ideographic space count too. */
const WS = /[\s\u00a0\u3000]/;

class Refusal extends Error {
  constructor(readonly error: SshKeyError) {
    super(error.en);
  }
}
const refuse = (code: string, en: string, zh: string): never => {
  throw new Refusal(err(code, en, zh));
};

/**
 * Splits one command line into words the way a POSIX shell would, refusing every construct
 * that would make it more than one plain command (or run something while expanding it).
 */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const end = () => {
    if (inWord) words.push(cur);
    cur = '';
    inWord = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2; // a line continuation: ssh sees one command
      continue;
    }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (c === '\n') {
      if (text.slice(i).trim() !== '') {
        refuse('connect-several-commands', 'The text holds more than one line (more than one command). Paste just the ssh command.', '文本包含多行(多条命令)。请只粘贴一条 ssh 命令。');
      }
      break;
    }
    if (WS.test(c)) {
      end();
      i++;
      continue;
    }
    if (c === ';' || c === '&') {
      const op = text[i + 1] === c ? c + c : c;
      refuse('connect-several-commands', `"${op}" joins several commands; paste just the ssh command.`, `"${op}" 连接了多条命令;请只粘贴一条 ssh 命令。`);
    }
    if (c === '|' && text[i + 1] === '|') {
      refuse('connect-several-commands', '"||" joins several commands; paste just the ssh command.', '"||" 连接了多条命令;请只粘贴一条 ssh 命令。');
    }
    if (c === '|') {
      refuse('connect-pipe', 'A pipe ("|") is not part of an ssh connect command.', 'ssh 连接命令中不应包含管道符("|")。');
    }
    if (c === '<' || c === '>') {
      refuse('connect-redirect', `A redirection ("${c}") is not part of an ssh connect command.`, `ssh 连接命令中不应包含重定向("${c}")。`);
    }
    if (c === '`' || (c === '$' && /[({A-Za-z_0-9?!@*#$-]/.test(text[i + 1] ?? ''))) {
      refuse('connect-substitution', 'Command substitution or variables ($(…), `…`, $NAME) are not accepted: nothing is run or expanded.', '不接受命令替换或变量($(…)、`…`、$NAME):不会执行或展开任何内容。');
    }
    if (c === '#' && !inWord) {
      // Not a comment everywhere: interactive zsh runs what follows (no interactive_comments).
      refuse('connect-comment', '"#" starts a comment in bash but not in interactive zsh (macOS\'s default shell), where the rest would run. Paste the ssh command without it.', '"#" 在 bash 中是注释,但在交互式 zsh(macOS 默认 shell)中不是,后面的内容会被执行。请粘贴不含它的 ssh 命令。');
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) refuse('connect-unbalanced-quote', 'A quote is not closed.', '引号没有闭合。');
      cur += text.slice(i + 1, close);
      inWord = true;
      i = close + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= text.length) refuse('connect-unbalanced-quote', 'A quote is not closed.', '引号没有闭合。');
        const d = text[j];
        if (d === '"') break;
        if (d === '`' || (d === '$' && /[({A-Za-z_0-9?!@*#$-]/.test(text[j + 1] ?? ''))) {
          refuse('connect-substitution', 'Command substitution or variables ($(…), `…`, $NAME) are not accepted: nothing is run or expanded.', '不接受命令替换或变量($(…)、`…`、$NAME):不会执行或展开任何内容。');
        }
        if (d === '\\' && /[$`"\\\n]/.test(text[j + 1] ?? '')) {
          if (text[j + 1] !== '\n') cur += text[j + 1];
          j += 2;
          continue;
        }
        cur += d;
        j++;
      }
      inWord = true;
      i = j + 1;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < text.length) cur += text[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    if ((c === '(' || c === ')') && !inWord) {
      refuse('connect-several-commands', 'Parentheses (a subshell) are not part of an ssh connect command.', 'ssh 连接命令中不应包含括号(子 shell)。');
    }
    cur += c;
    inWord = true;
    i++;
  }
  end();
  return words;
}

/** A terminal prompt copied along with the command: `$ `, `> `, `% `, `# `, `PS C:\…> `, `user@box:~$ `. */
const PROMPT = /^(?:PS\s+[^\n>]*>|[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s*[$#%]|\[[^\]\n]*\]\s*[$#%]|[$>%#])[ \t\u00a0]+(?=\S)/;

function parsePort(v: string, what: string): number {
  if (!/^\d+$/.test(v)) {
    refuse('connect-bad-port', `${what} "${v}" is not a number.`, `${what === 'Port' ? '端口' : what} "${v}" 不是数字。`);
  }
  const n = Number(v);
  if (n < 1 || n > 65535) refuse('connect-bad-port', `Port ${v} is out of range (1–65535).`, `端口 ${v} 超出范围(1–65535)。`);
  return n;
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
// at least two colons: `1.2.3.4:22` is a host and a port, not an IPv6 address
const IPV6 = /^(?=(?:[^:]*:){2})[0-9A-Fa-f:.]+(?:%[\w.-]+)?$/;

function checkHost(h: string): string {
  if (h === '') refuse('connect-no-host', 'The command names no host to connect to.', '命令中没有要连接的主机。');
  if (!(HOSTNAME.test(h) || (h.includes(':') && IPV6.test(h)))) {
    refuse('connect-bad-host', `"${h}" is not a host name or IP address.`, `"${h}" 不是有效的主机名或 IP 地址。`);
  }
  return h;
}

// No `$`, `\`, backticks, quotes or `%`: login names on the machines we connect to never need
// them, and the user name ends up inside a ProxyCommand that ssh %-expands and runs in sh.
function checkUser(u: string): string {
  if (!/^[A-Za-z0-9_.][A-Za-z0-9_.@-]*$/.test(u) || u.length > 64) {
    refuse(
      'connect-bad-user',
      `"${u}" is not a user name ssh can use here (letters, digits, ".", "_", "-" and "@" only; no "$", "\\", quotes or spaces).`,
      `"${u}" 不是可用的用户名(只能包含字母、数字、"."、"_"、"-"、"@";不能含 "$"、"\\"、引号或空格)。`,
    );
  }
  return u;
}

/** A table refusal, named by the option as written. */
function refuseByRule(option: string, rule: { en: string; zh: string }): never {
  return refuse('connect-unsupported-option', `The option ${option} ${rule.en}: refused, this is not a plain connect command.`, `选项 ${option} ${rule.zh}:已拒绝,这不是普通的连接命令。`);
}

/** `[user@]host[:port]` or `[user@][v6]:port`, as -J and ProxyJump take it; `a,b` is a chain (first hop first). */
function parseJump(v: string): Endpoint[] {
  if (v.toLowerCase() === 'none') return [];
  return v.split(',').map((hop) => parseHop(hop.trim()));
}

function parseHop(v: string): Endpoint {
  if (v === '') refuse('connect-no-host', 'A jump host in the chain (-J a,b) is empty.', '跳板机链(-J a,b)中有一个跳板机为空。');
  if (v.startsWith('ssh://')) return parseUri(v);
  const at = v.lastIndexOf('@');
  const user = at >= 0 ? checkUser(v.slice(0, at)) : undefined;
  let rest = at >= 0 ? v.slice(at + 1) : v;
  let port: number | undefined;
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracket) {
    rest = bracket[1];
    if (bracket[2] !== undefined) port = parsePort(bracket[2], 'Port');
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    const k = rest.indexOf(':');
    port = parsePort(rest.slice(k + 1), 'Port');
    rest = rest.slice(0, k);
  }
  return clean({ host: checkHost(rest), port, user });
}

/** ssh://[user@]host[:port] (RFC 4248 style, as ssh accepts it as a destination). */
function parseUri(v: string): Endpoint {
  const m = /^ssh:\/\/(?:([^@/]*)@)?(\[[^\]]+\]|[^:/]*)(?::([^/]*))?\/?$/.exec(v);
  if (!m) refuse('connect-bad-host', `"${v}" is not an ssh:// address ssh accepts.`, `"${v}" 不是 ssh 可接受的 ssh:// 地址。`);
  const host = m![2].replace(/^\[|\]$/g, '');
  return clean({
    host: checkHost(host),
    user: m![1] !== undefined ? checkUser(decodeURIComponent(m![1])) : undefined,
    port: m![3] !== undefined && m![3] !== '' ? parsePort(m![3], 'Port') : undefined,
  });
}

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function kindOf(host: string, port: number | undefined, hops: Endpoint[]): Connection['kind'] {
  if (AICODER_HOST.test(host)) return 'aicoder';
  // a dev machine's internal address reached through an AICoder (`-J ssh-jumper…,root@aic-…`)
  if (hops.length > 1 && AICODER_HOST.test(hops[hops.length - 1].host)) return 'devmachine';
  if (hops.length === 1 && hops[0].host.toLowerCase() === INFINI_JUMP_HOST) return 'aicoder';
  if (port !== undefined && port !== 22 && hops.length === 0) return 'devmachine';
  return 'generic';
}

/** `jump` (the first hop) always, `jumps` only for a chain: a one-hop Connection looks as it always did. */
function withHops(hops: Endpoint[]): Pick<Connection, 'jump' | 'jumps'> {
  return { jump: hops[0], jumps: hops.length > 1 ? hops : undefined };
}

/** The short flags that set what an -o setting sets (ssh(1)). */
const FLAG_SETTINGS = new Map([
  ['p', 'port'],
  ['l', 'user'],
  ['i', 'identityfile'],
  ['J', 'proxyjump'],
]);

function parseSshArgs(args: string[]): Connection {
  // ssh keeps the first value it obtains for each setting; so do we.
  let user: string | undefined;
  let port: number | undefined;
  let hops: Endpoint[] = [];
  let jumpSeen = false;
  /** the hops came from a -J flag (so a second -J extends the chain) */
  let hopsFromJ = false;
  let identityFile: string | undefined;
  let hostName: string | undefined;

  // What a setting does, whether it came as -o Key=Value or as the short flag for it: ssh
  // keeps the first value of each. false: not a setting that names the machine or the key.
  const setting = (key: string, value: string): boolean => {
    switch (key) {
      case 'port':
        port ??= parsePort(value, 'Port');
        return true;
      case 'user':
        user ??= checkUser(value);
        return true;
      case 'hostname':
        hostName ??= checkHost(value);
        return true;
      case 'identityfile':
        identityFile ??= value;
        return true;
      case 'proxyjump':
        if (!jumpSeen) {
          jumpSeen = true;
          hops = parseJump(value);
        }
        return true;
      default:
        return false;
    }
  };
  const option = (flag: string, value: string) => {
    if (flag === 'o') return sshOption(value);
    // `-J a -J b`: ssh itself stops with "Only a single -J option is permitted (use commas to
    // separate multiple jump hops)"; the intent is the chain a,b, which is what we write back.
    if (flag === 'J') {
      if (hopsFromJ) hops = [...hops, ...parseJump(value)];
      else if (!jumpSeen) {
        setting('proxyjump', value);
        hopsFromJ = true;
      }
      return;
    }
    const key = FLAG_SETTINGS.get(flag);
    // Other flags (SSH_OPTION_RULES): refused before they get here, or not carried over.
    if (key) setting(key, value);
  };
  const sshOption = (raw: string) => {
    const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(raw);
    if (!m) refuse('connect-unsupported-option', `"-o ${raw}" is not an ssh option of the form Key=Value.`, `"-o ${raw}" 不是 Key=Value 形式的 ssh 选项。`);
    const key = m![1].toLowerCase();
    const value = m![2].replace(/^"(.*)"$/, '$1');
    if (setting(key, value)) return;
    const rule = SSH_OPTION_RULES.get(key);
    if (rule?.act === 'refuse') refuseByRule(`-o ${m![1]}`, rule);
    if (rule) return;
    refuse(
      'connect-unsupported-option',
      `The option "-o ${m![1]}" would change where or how ssh connects, and is not supported here.`,
      `选项 "-o ${m![1]}" 会改变 ssh 的连接目标或方式,此处不支持。`,
    );
  };

  let dest: Endpoint | undefined;
  // The destination's user and port count at the point ssh reads them (first value wins).
  const takeDestination = (d: string) => {
    if (d.startsWith('ssh://')) {
      dest = parseUri(d);
    } else {
      const at = d.lastIndexOf('@');
      dest = clean({ host: checkHost(d.slice(at + 1)), user: at >= 0 ? checkUser(d.slice(0, at)) : undefined });
    }
    user ??= dest.user;
    port ??= dest.port;
  };

  let i = 0;
  let destination: string | undefined;
  // ssh parses options, the destination, then options again; the next operand starts the remote command.
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      if (destination === undefined && i < args.length) {
        destination = args[i++];
        takeDestination(destination);
      }
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      if (destination !== undefined) break;
      destination = a;
      takeDestination(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j];
      const rule = SSH_OPTION_RULES.get(`-${f}`);
      if (rule?.act === 'refuse') refuseByRule(`-${f}`, rule);
      if (SSH_FLAGS_WITH_ARG.has(f)) {
        let value = a.slice(j + 1);
        if (value === '') {
          if (i + 1 >= args.length) refuse('connect-missing-argument', `The option -${f} needs a value.`, `选项 -${f} 缺少参数值。`);
          value = args[++i];
        }
        option(f, value);
        break;
      }
      if (!SSH_FLAGS_NO_ARG.has(f)) {
        refuse('connect-unsupported-option', `ssh has no option -${f}.`, `ssh 没有选项 -${f}。`);
      }
    }
  }
  if (i < args.length) {
    refuse('connect-remote-command', `The command also runs "${args.slice(i).join(' ')}" on the remote machine; paste the connect command alone.`, `该命令还会在远程机器上执行 "${args.slice(i).join(' ')}";请只粘贴连接命令。`);
  }
  if (!dest) refuse('connect-no-host', 'The command names no host to connect to.', '命令中没有要连接的主机。');
  const target = hostName ?? dest!.host;
  return clean({ host: target, port, user, ...withHops(hops), identityFile, kind: kindOf(target, port, hops) }) as Connection;
}

export function parseConnectCommand(text: string): ParseConnectResult {
  try {
    const plain = typeof text === 'string' ? plainCommand(text) : null;
    return { ok: true, connection: plain ?? parse(String(text ?? '')) };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.error };
    if (e instanceof SshKeyError) return { ok: false, error: e };
    return { ok: false, error: err('connect-unreadable', `The command could not be read: ${(e as Error)?.message ?? e}`, `无法读取该命令:${(e as Error)?.message ?? e}`) };
  }
}

// Control characters (C0 but tab and line breaks, DEL, C1), invisible format characters (zero-width
// spaces and joiners, bidi embeddings, overrides and isolates, soft hyphen, BOM inside the text)
// and the Unicode line/paragraph separators: none belongs in a command, and each can make what
// a terminal or a page shows differ from what a shell runs.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

function parse(text: string): Connection {
  let t = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // before trimming: trim() would take a trailing BOM or line separator silently
  const bad = INVISIBLE.exec(t.replace(/[\t\n]/g, ' '));
  if (bad) {
    const code = `U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    refuse('connect-invisible-character', `The command holds an invisible or control character (${code}) at position ${bad.index + 1}: what is shown may not be what would run.`, `命令中含有不可见字符或控制字符(${code},第 ${bad.index + 1} 个字符):显示的内容可能与实际执行的不同。`);
  }
  t = t.trim();
  if (t === '') refuse('connect-empty', 'Paste an ssh command or a host name.', '请粘贴 ssh 命令或主机名。');
  t = t.replace(PROMPT, '');
  if (/^(?:[$>%#]|PS\s+[^>\n]*>)$/.test(t)) refuse('connect-empty', 'Paste an ssh command or a host name.', '请粘贴 ssh 命令或主机名。');
  const words = shellWords(t);
  if (words.length === 0) refuse('connect-empty', 'Paste an ssh command or a host name.', '请粘贴 ssh 命令或主机名。');
  const first = words[0];
  if (/^(?:.*[\\/])?ssh(?:\.exe)?$/i.test(first)) return parseSshArgs(words.slice(1));
  if (words.length === 1 && !first.startsWith('-')) return bareHost(first);
  refuse('connect-not-ssh', `"${first}" is not ssh: paste an ssh command (ssh -p PORT user@host) or a host name.`, `"${first}" 不是 ssh 命令:请粘贴 ssh 命令(ssh -p 端口 用户@主机)或主机名。`);
  throw new Error('unreachable');
}

/**
 * The console's own shape, `ssh -p PORT user@a.b.c.d` and nothing else (no other option, no
 * space more, no prompt): the Connection parseSshArgs builds for it, through the same checks,
 * without the general reader. A list of machines shows one per row, and the content script
 * parses the rows as they come near; the general reader's first calls on a page (its code not
 * yet compiled) cost about 0.2 ms a command. Anything else, or a check that refuses, goes the
 * whole way (tests/unit/config-parse.test.ts compares the two on generated commands).
 */
const PLAIN_COMMAND = /^ssh -p (\d{1,5}) ([A-Za-z0-9_][A-Za-z0-9_.-]{0,31})@(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
function plainCommand(text: string): Connection | null {
  const m = PLAIN_COMMAND.exec(text);
  if (!m) return null;
  try {
    const port = parsePort(m[1], 'Port');
    const user = checkUser(m[2]);
    const host = checkHost(m[3]);
    return clean({ host, port, user, ...withHops([]), identityFile: undefined, kind: kindOf(host, port, []) }) as Connection;
  } catch {
    return null;
  }
}

/** A host as the platform's API returns it: `aic-…` (reached through the jump host as root) or `[user@]host`. */
function bareHost(w: string): Connection {
  const ep = w.startsWith('ssh://') ? parseUri(w) : (() => {
    const at = w.lastIndexOf('@');
    let host = w.slice(at + 1);
    let port: number | undefined;
    // `host:port` is unambiguous in a bare address (ssh's own command line has no such form)
    const hp = /^([^:]+):(\d*)$/.exec(host);
    if (hp) {
      host = hp[1];
      port = parsePort(hp[2], 'Port');
    }
    return clean({ host: checkHost(host), port, user: at >= 0 ? checkUser(w.slice(0, at)) : undefined }) as Endpoint;
  })();
  if (AICODER_HOST.test(ep.host)) {
    return clean({ host: ep.host, port: ep.port, user: ep.user ?? 'root', jump: { host: INFINI_JUMP_HOST }, kind: 'aicoder' as const });
  }
  return clean({ ...ep, kind: kindOf(ep.host, ep.port, []) }) as Connection;
}

// ---------------------------------------------------------------------------------------------
// Writing a connect command.

function dest(c: Endpoint): string {
  return c.user ? `${c.user}@${c.host}` : c.host;
}

/**
 * `ssh -i KEY -o IdentitiesOnly=yes [-p N] [-o ProxyCommand=…] user@host`.
 *
 * For a jump host `-J` is not enough: `-i` and `-o` do not reach the jump hop (it is a second
 * ssh that reads only the config files), so the hop would try default keys and fail with a
 * non-default key name. A ProxyCommand running `ssh -i KEY … -W %h:%p jumper` gives the hop
 * the key explicitly (proven against two sshd in tests/interop/config-login.test.ts).
 */
export function connectCommand(c: Connection, o: { identityFile: string; shell: Shell }): string {
  const ps = o.shell === 'powershell';
  // ssh checks that the -i file exists as written, then %-expands the name: a path with a
  // literal % cannot be given with -i at all (`%%` fails the first check, `%` the second).
  if (o.identityFile.includes('%')) {
    throw keyError(
      'connect-unusable-key-path',
      `ssh cannot use a key file whose path contains "%" with -i (${o.identityFile}); rename the file or its folder.`,
      `ssh 无法通过 -i 使用路径中含 "%" 的密钥文件(${o.identityFile});请重命名该文件或其所在文件夹。`,
      'identityFile',
    );
  }
  const key = ps ? psPath(o.identityFile) : posixPath(o.identityFile);
  const q = ps ? psQuote : posixQuote;
  const parts = ['ssh', '-i', key, '-o', 'IdentitiesOnly=yes'];
  if (c.port !== undefined && c.port !== 22) parts.push('-p', String(c.port));
  const hops = jumpHops(c);
  if (hops.length > 0) {
    // The hop's ssh: on Windows the inbox OpenSSH (7.7) runs a ProxyCommand without a PATH
    // search, so it needs the full path; ssh expands the `~` of -i itself there. On POSIX the
    // command runs through the user's shell, which expands `~`.
    //
    // ssh %-expands the ProxyCommand first (so a literal `%` in a path, user or scoped IPv6
    // host must be `%%`), then runs it with `sh -c`: on POSIX every argument of ours is a plain
    // or single-quoted word there, so nothing in a user or host name can expand. The parser
    // already refuses `$`, `\` and quotes in user names; this is the second line of defence
    // for a Connection built elsewhere.
    //
    // A chain (-J a,b) nests: the ssh that reaches b gets its own ProxyCommand reaching a, each
    // level with the key, so -i reaches every hop. Each level is one more round of %-expansion
    // and of shell (or C runtime) word splitting, hence percentLiteral and quoting per level.
    //
    // ssh also splits every -o line with its own quote rules before using it (argv_split: a
    // backslash escapes a quote even inside single quotes, else "invalid quotes"), so words
    // inside a ProxyCommand quote a quote as '"'"' (never '\'' ) and a key path there may not
    // hold a backslash: both readers then agree at every level.
    if (!ps && o.identityFile.includes('\\')) {
      throw keyError(
        'connect-unusable-key-path',
        `A key path with a backslash cannot be passed through a jump host's ProxyCommand (${o.identityFile}); use a path without "\\".`,
        `含反斜杠的密钥路径无法经由跳板机的 ProxyCommand 传递(${o.identityFile});请使用不含 "\\" 的路径。`,
        'identityFile',
      );
    }
    const arg = (a: string) => percentLiteral(ps ? windowsProxyArg(a) : proxyWord(a));
    /** The ProxyCommand value that reaches hops[i], for the ssh whose destination is `next`. */
    const hopCommand = (i: number, next: Endpoint): string => {
      const hop = hops[i];
      return [
        ps ? 'C:\\Windows\\System32\\OpenSSH\\ssh.exe' : 'ssh',
        '-i',
        ps ? windowsProxyPath(o.identityFile) : proxyPath(o.identityFile),
        '-o',
        'IdentitiesOnly=yes',
        ...(hop.port !== undefined && hop.port !== 22 ? ['-p', String(hop.port)] : []),
        ...(i > 0 ? ['-o', arg(`ProxyCommand=${hopCommand(i - 1, hop)}`)] : []),
        '-W',
        // an IPv6 target needs brackets to split host from port, quoted so sh does not glob them
        next.host.includes(':') ? (ps ? '[%h]:%p' : `'[%h]:%p'`) : '%h:%p',
        arg(dest(hop)),
      ].join(' ');
    };
    parts.push('-o', q(`ProxyCommand=${hopCommand(hops.length - 1, c)}`));
  }
  parts.push(q(dest(c)));
  return parts.join(' ');
}

/** posixQuote, with a quote written '"'"': sh and ssh's argv_split read it alike (no backslash). */
function proxyWord(s: string): string {
  const w = posixQuote(s);
  return w.startsWith("'") ? `'${s.replace(/'/g, `'"'"'`)}'` : w;
}

/** posixPath for a ProxyCommand word: `~/` stays outside the quotes so sh expands it. */
function proxyPath(p: string): string {
  if (p.startsWith('~/')) return p === '~/' ? '~/' : `~/${proxyWord(p.slice(2))}`;
  return proxyWord(p);
}

/** Inside a Windows ProxyCommand the argument is split by the C runtime: double quotes for spaces. */
function windowsProxyPath(p: string): string {
  return /\s/.test(p) ? `"${p}"` : p;
}

/** Windows OpenSSH starts a ProxyCommand with CreateProcess (no shell): only blanks and quotes matter there. */
function windowsProxyArg(a: string): string {
  return /[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a;
}
