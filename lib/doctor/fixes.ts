// The fixes the doctor hands out, each built by the builders the rest of the product uses
// (lib/config): the keyed jump block of buildSshConfig, the Web Terminal one-liner of
// authorizeKeyCommand, and quoting per shell. Nothing here runs anything.
import { buildSshConfig, defaultAlias } from '../config/ssh-config';
import { authorizeKeyCommand } from '../config/authorized-keys';
import { posixPath, posixQuote, psQuote } from '../config/quote';
import type { Connection } from '../config/types';
import { doctorCatalogue, type DoctorKey } from '../i18n/doctor';
import { format } from '../i18n';
import type { UserMessage } from '../ssh/errors';

export type DoctorOs = 'posix' | 'windows';

export interface Fix {
  /** the command or snippet, exactly as it is to be pasted */
  text: string;
  /** where it goes: a terminal on this computer, the machine's Web Terminal, or ~/.ssh/config */
  where: 'local' | 'web-terminal' | 'ssh-config';
  /** how to use it, in both languages */
  how: UserMessage;
}

export function say(key: DoctorKey, params: Record<string, string | number> = {}): UserMessage {
  return { en: format(doctorCatalogue.en[key], params), zh: format(doctorCatalogue.zh[key], params) };
}

/** A path under a home directory as `~/…` (what a user types), else unchanged. */
export function homeRelative(path: string): string {
  const m = /^(?:\/Users\/[^/]+|\/home\/[^/]+|\/root|[A-Za-z]:[\\/]+Users[\\/]+[^\\/]+)[\\/](.+)$/.exec(path);
  return m ? `~/${m[1].replace(/\\/g, '/')}` : path;
}

/** A Windows path for PowerShell: `~/x` becomes "$env:USERPROFILE\x". */
function windowsPath(path: string): string {
  const rel = homeRelative(path);
  if (rel.startsWith('~/')) return `"$env:USERPROFILE\\${rel.slice(2).replace(/\//g, '\\')}"`;
  return psQuote(path.replace(/\//g, '\\'));
}

function local(os: DoctorOs, text: string): Fix {
  return { text, where: 'local', how: say(os === 'windows' ? 'howPowerShell' : 'howLocal') };
}

/** Private key or config readable by you only. */
export function permissionsFix(path: string, os: DoctorOs): Fix {
  if (os === 'windows') {
    // the same grant as the Git Bash setup script: no inherited entries, full control for the user only
    return local(os, `icacls ${windowsPath(path)} /inheritance:r /grant:r "$($env:USERNAME):F"`);
  }
  return local(os, `chmod 600 ${posixPath(homeRelative(path))}`);
}

/** `ssh-keygen -f FILE -R HOST`: removes the stale host key from the file the log named. */
export function forgetHostKeyFix(hostSpec: string, file: string | undefined, os: DoctorOs): Fix {
  const q = os === 'windows' ? psQuote : posixQuote;
  const f = file ? (os === 'windows' ? windowsPath(file) : posixPath(homeRelative(file))) : undefined;
  return local(os, `ssh-keygen ${f ? `-f ${f} ` : ''}-R ${q(hostSpec)}`);
}

/** The keyed config: the jump host gets its own block with the same key (lib/config). */
export function configFix(connection: Connection, identityFile: string): Fix {
  const alias = defaultAlias(connection);
  return { text: buildSshConfig({ connection, identityFile, alias }), where: 'ssh-config', how: say('howConfig', { alias }) };
}

/** The Web Terminal one-liner that adds the key; without the key line, where to get it. */
export function authorizeFix(publicKeyLine: string | undefined): Fix | undefined {
  if (!publicKeyLine) return undefined;
  try {
    return { text: authorizeKeyCommand(publicKeyLine), where: 'web-terminal', how: say('howWebTerminal') };
  } catch {
    return undefined;
  }
}

export function configLineFix(lines: string[]): Fix {
  return { text: lines.join('\n') + '\n', where: 'ssh-config', how: say('howConfigLine') };
}

export function newEd25519Fix(os: DoctorOs, lastResort?: string[]): Fix {
  const path = os === 'windows' ? '"$env:USERPROFILE\\.ssh\\infini_ed25519"' : '~/.ssh/infini_ed25519';
  const lines = [`ssh-keygen -t ed25519 -f ${path}`];
  if (lastResort) lines.push('# last resort, only if the server cannot be changed: in ~/.ssh/config / 万不得已时，写入 ~/.ssh/config：', ...lastResort.map((l) => `#   ${l}`));
  return local(os, lines.join('\n'));
}

export function convertPpkFix(path: string, os: DoctorOs): Fix {
  const out = path.replace(/\.ppk$/i, '');
  const q = (p: string) => (os === 'windows' ? windowsPath(p) : posixPath(homeRelative(p)));
  return local(os, `puttygen ${q(path)} -O private-openssh -o ${q(out)}`);
}

export function stripCrFix(path: string, os: DoctorOs): Fix {
  if (os === 'windows') {
    const p = windowsPath(path);
    return local(os, `[IO.File]::WriteAllText(${p}, ([IO.File]::ReadAllText(${p}) -replace "\`r", ""))`);
  }
  const p = posixPath(homeRelative(path));
  return local(os, `tr -d '\\r' < ${p} > ${p}.tmp && mv ${p}.tmp ${p} && chmod 600 ${p}`);
}

/** Asks for the passphrase and prints the public key when it is right: a safe way to test it. */
export function checkPassphraseFix(path: string, os: DoctorOs): Fix {
  return local(os, `ssh-keygen -y -f ${os === 'windows' ? windowsPath(path) : posixPath(homeRelative(path))}`);
}

export function listKeysFix(os: DoctorOs): Fix {
  return local(os, os === 'windows' ? 'Get-ChildItem "$env:USERPROFILE\\.ssh"' : 'ls -la ~/.ssh');
}

/** One interactive login that lets ssh ask about the unknown host key. */
export function firstLoginFix(connection: Connection, os: DoctorOs): Fix {
  const q = os === 'windows' ? psQuote : posixQuote;
  const dest = (e: { host: string; user?: string; port?: number }) => (e.user ? `${e.user}@${e.host}` : e.host);
  const parts = ['ssh', '-o', 'BatchMode=no', '-o', 'StrictHostKeyChecking=ask'];
  if (connection.port !== undefined && connection.port !== 22) parts.push('-p', String(connection.port));
  if (connection.jump) parts.push('-J', q(dest(connection.jump) + (connection.jump.port && connection.jump.port !== 22 ? `:${connection.jump.port}` : '')));
  parts.push(q(dest(connection)), 'exit');
  return local(os, parts.join(' '));
}
