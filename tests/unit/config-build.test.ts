// The builders: config snippets and their merge, connect commands, one-liners, setup scripts
// (structure; they run for real in tests/interop/config-shell.test.ts), VS Code links.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  buildSshConfig,
  mergeSshConfig,
  sanitizeAlias,
  defaultAlias,
  connectCommand,
  authorizeKeyCommand,
  removeKeyCommand,
  localSetupScript,
  vscodeRemoteUri,
  parseConnectCommand,
  INFINI_JUMP_HOST,
  type Connection,
} from '../../lib/config';
import { SshKeyError } from '../../lib/ssh/errors';

const FIX = join(__dirname, '..', 'fixtures', 'config');
const AIC: Connection = { host: 'aic-dbdz3pprd2g54crp', user: 'root', jump: { host: INFINI_JUMP_HOST }, kind: 'aicoder' };
const DEV: Connection = { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' };
const KEY = '~/.ssh/infini_ed25519';
const KEY_LINE = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0cXj2xJ0n4m8v0Wm8n0w0dQ9Yxg3Gq1H2cTn4pB1k me@laptop';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SshKeyError);
    expect((e as SshKeyError).zh).toMatch(/[\u4e00-\u9fff]/);
    return (e as SshKeyError).code;
  }
  return undefined;
}

describe('buildSshConfig', () => {
  it('AICoder: the target block uses ProxyJump to a jump block that carries the same key', () => {
    expect(buildSshConfig({ connection: AIC, identityFile: KEY })).toBe(readFileSync(join(FIX, 'aicoder.snippet'), 'utf8'));
  });
  it('dev machine: HostName, Port, User, IdentityFile, IdentitiesOnly, keep-alive', () => {
    expect(buildSshConfig({ connection: DEV, identityFile: KEY })).toBe(readFileSync(join(FIX, 'devmachine.snippet'), 'utf8'));
  });
  it('carries the jump host user and port; no Port line for 22; deterministic', () => {
    const c: Connection = { ...AIC, port: 22, jump: { host: INFINI_JUMP_HOST, user: 'jane', port: 2200 } };
    const s = buildSshConfig({ connection: c, identityFile: KEY, alias: 'a' });
    expect(s).toBe(buildSshConfig({ connection: structuredClone(c), identityFile: KEY, alias: 'a' }));
    const jumpBlock = s.slice(s.indexOf('Host a-jump'));
    expect(jumpBlock).toContain('    User jane\n');
    expect(jumpBlock).toContain('    Port 2200\n');
    expect(jumpBlock).toContain(`    IdentityFile ${KEY}\n`);
    expect(jumpBlock).toContain('    IdentitiesOnly yes\n');
    expect(s).not.toMatch(/Port 22\n/);
  });
  it('quotes values with spaces and refuses values ssh_config cannot hold', () => {
    expect(buildSshConfig({ connection: DEV, identityFile: '~/.ssh/my key' })).toContain('IdentityFile "~/.ssh/my key"');
    expect(codeOf(() => buildSshConfig({ connection: DEV, identityFile: '~/.ssh/a"b' }))).toBe('config-unquotable-value');
  });
  it('refuses backslash sequences OpenSSH versions read differently, and ${ in IdentityFile', () => {
    for (const p of ['/srv/a\\\\b', '/srv/x\\', "/srv/a\\'b", '/srv/a\\ b', '~/${HOME}/k']) {
      expect(codeOf(() => buildSshConfig({ connection: DEV, identityFile: p })), p).toBe('config-unquotable-value');
    }
  });
  it('writes Windows paths with forward slashes and % as %% in IdentityFile and HostName', () => {
    expect(buildSshConfig({ connection: DEV, identityFile: 'C:\\Users\\me\\.ssh\\k' })).toContain('\n    IdentityFile C:/Users/me/.ssh/k\n');
    expect(buildSshConfig({ connection: DEV, identityFile: '\\\\srv\\share\\k' })).toContain('\n    IdentityFile //srv/share/k\n');
    expect(buildSshConfig({ connection: DEV, identityFile: '~/.ssh/100%' })).toContain('\n    IdentityFile ~/.ssh/100%%\n');
    expect(buildSshConfig({ connection: { ...DEV, host: 'fe80::1%eth0' }, identityFile: KEY })).toContain('\n    HostName fe80::1%%eth0\n');
  });
  it('sanitizes the alias', () => {
    const s = buildSshConfig({ connection: DEV, identityFile: KEY, alias: 'my "box" #1 *' });
    expect(s).toContain('\nHost my-box-1\n');
    expect(s.startsWith('# Infini SSH Keys: begin my-box-1\n')).toBe(true);
  });
});

describe('aliases', () => {
  it.each([
    ['My Box', 'My-Box'],
    ['*', 'infini-host'],
    ['', 'infini-host'],
    ['--rm', 'rm'],
    ['a?b!c', 'a-b-c'],
    ["o'neil", 'o-neil'],
    ['开发机 1', '1'],
    ['.hidden', 'hidden'],
  ])('sanitizeAlias(%j) = %j', (input, want) => expect(sanitizeAlias(input)).toBe(want));

  it('always one safe, non-empty word, and stable', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const a = sanitizeAlias(s);
        expect(a).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
        expect(a.length).toBeLessThanOrEqual(64);
        expect(sanitizeAlias(a)).toBe(a);
      }),
    );
  });

  it('defaultAlias is a name of our own', () => {
    expect(defaultAlias(AIC)).toBe('infini-aic-dbdz3pprd2g54crp');
    expect(defaultAlias(DEV)).toBe('infini-1.2.3.4-41587');
    expect(defaultAlias({ host: 'example.com', port: 22, kind: 'generic' })).toBe('infini-example.com');
  });
});

describe('mergeSshConfig', () => {
  const snip = (alias: string, c: Connection = AIC) => buildSshConfig({ connection: c, identityFile: KEY, alias });

  it('puts our section before the first Host/Match line, after the global lines', () => {
    const user = 'Include ~/.orbstack/ssh/config\nServerAliveInterval 15\n\nHost *\n    User alice\n';
    const out = mergeSshConfig(user, snip('x'));
    expect(out).toBe('Include ~/.orbstack/ssh/config\nServerAliveInterval 15\n\n' + snip('x') + '\nHost *\n    User alice\n');
  });
  it('appends when there is no Host/Match line, completing a last line without its newline', () => {
    expect(mergeSshConfig('', snip('x'))).toBe(snip('x'));
    expect(mergeSshConfig('ForwardAgent no', snip('x'))).toBe('ForwardAgent no\n\n' + snip('x'));
    expect(mergeSshConfig('ForwardAgent no\n\n', snip('x'))).toBe('ForwardAgent no\n\n' + snip('x'));
  });
  it('replaces only the section for the same alias, keeping other sections', () => {
    const once = mergeSshConfig(mergeSshConfig('Host work\n  User me\n', snip('a')), snip('b'));
    const again = mergeSshConfig(once, snip('a', DEV));
    expect(again).toBe(once.replace(snip('a'), snip('a', DEV)));
    expect(again).toContain(snip('b'));
  });
  it('writes a CRLF section into a CRLF file', () => {
    const out = mergeSshConfig('Host w\r\n  User me\r\n', snip('a'));
    expect(out).toBe(snip('a').replace(/\n/g, '\r\n') + '\r\nHost w\r\n  User me\r\n');
  });
  it('refuses a begin marker without its end marker, changing nothing', () => {
    expect(codeOf(() => mergeSshConfig('# Infini SSH Keys: begin a\nHost a\n', snip('a')))).toBe('config-broken-section');
    expect(codeOf(() => mergeSshConfig('x', 'Host a\n'))).toBe('config-bad-snippet');
  });

  const userLine = fc.oneof(
    fc.constantFrom('Host work', '  HostName w.example', 'Match host x', 'host=y', '# note', '', 'Host *', '    User me', 'Include a', '# Infini SSH Keys: nothing'),
    fc.string({ maxLength: 10 }).filter((s) => !s.includes('\n') && !s.includes('Infini')),
  );
  const userConfig = fc.tuple(fc.array(userLine, { maxLength: 12 }), fc.boolean()).map(([l, nl]) => l.join('\n') + (nl && l.length ? '\n' : ''));

  it('keeps every byte of the user config (property)', () => {
    fc.assert(
      fc.property(userConfig, fc.constantFrom('a', 'b'), (existing, alias) => {
        const s = snip(alias);
        const out = mergeSshConfig(existing, s);
        const at = out.indexOf(s);
        expect(at).toBeGreaterThanOrEqual(0);
        const before = out.slice(0, at);
        let after = out.slice(at + s.length);
        // what we add besides the section: a blank line before a Host line, or the line break
        // and blank line in front of an appended section
        if (existing.startsWith(before) && existing.length > before.length) {
          expect(after.startsWith('\n')).toBe(true);
          after = after.slice(1);
          expect(before + after).toBe(existing);
        } else {
          expect(after).toBe('');
          expect(before.startsWith(existing)).toBe(true);
          expect(['', '\n', '\n\n']).toContain(before.slice(existing.length));
        }
      }),
    );
  });

  it('is idempotent and a later merge for the alias replaces the earlier (property)', () => {
    fc.assert(
      fc.property(userConfig, (existing) => {
        const first = mergeSshConfig(existing, snip('a'));
        expect(mergeSshConfig(first, snip('a'))).toBe(first);
        expect(mergeSshConfig(first, snip('a', DEV))).toBe(mergeSshConfig(existing, snip('a', DEV)));
        const both = mergeSshConfig(first, snip('b'));
        expect(both).toContain(snip('a'));
        expect(both).toContain(snip('b'));
      }),
    );
  });
});

describe('connectCommand', () => {
  it('posix and Git Bash: -i with the tilde left to the shell, IdentitiesOnly, port', () => {
    expect(connectCommand(DEV, { identityFile: KEY, shell: 'posix' })).toBe('ssh -i ~/.ssh/infini_ed25519 -o IdentitiesOnly=yes -p 41587 root@1.2.3.4');
    expect(connectCommand(DEV, { identityFile: KEY, shell: 'gitbash' })).toBe('ssh -i ~/.ssh/infini_ed25519 -o IdentitiesOnly=yes -p 41587 root@1.2.3.4');
    expect(connectCommand(DEV, { identityFile: "~/.ssh/it's mine", shell: 'posix' })).toBe(`ssh -i ~/'.ssh/it'\\''s mine' -o IdentitiesOnly=yes -p 41587 root@1.2.3.4`);
  });
  it('posix with a jump host: a ProxyCommand gives the hop the key', () => {
    expect(connectCommand(AIC, { identityFile: KEY, shell: 'posix' })).toBe(
      `ssh -i ~/.ssh/infini_ed25519 -o IdentitiesOnly=yes -o 'ProxyCommand=ssh -i ~/.ssh/infini_ed25519 -o IdentitiesOnly=yes -W %h:%p ${INFINI_JUMP_HOST}' root@aic-dbdz3pprd2g54crp`,
    );
  });
  it('PowerShell: a Windows path under the profile, single-quoted ProxyCommand with the full ssh.exe path', () => {
    expect(connectCommand(DEV, { identityFile: '~/.ssh/my key', shell: 'powershell' })).toBe('ssh -i "$env:USERPROFILE\\.ssh\\my key" -o IdentitiesOnly=yes -p 41587 root@1.2.3.4');
    expect(connectCommand(AIC, { identityFile: KEY, shell: 'powershell' })).toBe(
      `ssh -i "$env:USERPROFILE\\.ssh\\infini_ed25519" -o IdentitiesOnly=yes -o 'ProxyCommand=C:\\Windows\\System32\\OpenSSH\\ssh.exe -i ~/.ssh/infini_ed25519 -o IdentitiesOnly=yes -W %h:%p ${INFINI_JUMP_HOST}' root@aic-dbdz3pprd2g54crp`,
    );
    expect(connectCommand(DEV, { identityFile: "~/.ssh/a$b`c\"d", shell: 'powershell' })).toContain('"$env:USERPROFILE\\.ssh\\a`$b``c`"d"');
  });
  it('quotes the jump user and host inside the ProxyCommand, % as %%; refuses a key path with %', () => {
    const c: Connection = { host: 'h', user: 'root', jump: { host: 'fe80::2%eth1', user: 'u$HOME`x`' }, kind: 'generic' };
    expect(connectCommand(c, { identityFile: KEY, shell: 'posix' })).toContain(`-W %h:%p '\\''u$HOME\`x\`@fe80::2%%eth1'\\'''`);
    expect(codeOf(() => connectCommand(DEV, { identityFile: '~/.ssh/100%d', shell: 'posix' }))).toBe('connect-unusable-key-path');
  });
  it('round-trips through the parser (posix)', () => {
    for (const c of [DEV, { ...AIC, jump: undefined, kind: 'aicoder' as const }]) {
      const r = parseConnectCommand(connectCommand(c, { identityFile: KEY, shell: 'posix' }));
      expect(r.ok && { ...r.connection, identityFile: undefined }).toEqual({ ...c, jump: undefined, identityFile: undefined });
    }
  });
});

describe('chained hops (-J a,b)', () => {
  const CHAIN: Connection = { host: '172.27.0.5', user: 'root', jump: { host: INFINI_JUMP_HOST }, jumps: [{ host: INFINI_JUMP_HOST }, { host: 'aic-dbdz3pprd2g54crp', user: 'root' }], kind: 'devmachine' };
  it('the snippet: one keyed block per hop, each ProxyJump naming the hop before it', () => {
    const s = buildSshConfig({ connection: CHAIN, identityFile: KEY, alias: 'inner' });
    expect(s.match(/^Host .*/gm)).toEqual(['Host inner', 'Host inner-jump1', 'Host inner-jump2']);
    expect(s).toMatch(/Host inner\n(?: {4}.*\n)*? {4}ProxyJump inner-jump2\n/);
    expect(s).toMatch(/Host inner-jump2\n(?: {4}.*\n)*? {4}ProxyJump inner-jump1\n/);
    const first = s.slice(s.indexOf('Host inner-jump1'), s.indexOf('Host inner-jump2'));
    expect(first).toContain(`HostName ${INFINI_JUMP_HOST}\n`);
    expect(first).not.toContain('ProxyJump');
    expect(s.match(/IdentityFile ~\/\.ssh\/infini_ed25519\n {4}IdentitiesOnly yes/g)).toHaveLength(3);
  });
  // (the user's shell removes the outer '\\'' quoting; ssh then reads a value with no backslash in it)
  it('posix: the hop ProxyCommand nests one level per hop, %-escaped once more inside', () => {
    expect(connectCommand(CHAIN, { identityFile: KEY, shell: 'posix' })).toBe(
      `ssh -i ${KEY} -o IdentitiesOnly=yes -o 'ProxyCommand=ssh -i ${KEY} -o IdentitiesOnly=yes -o '\\''ProxyCommand=ssh -i ${KEY} -o IdentitiesOnly=yes -W %%h:%%p ${INFINI_JUMP_HOST}'\\'' -W %h:%p root@aic-dbdz3pprd2g54crp' root@172.27.0.5`,
    );
  });
  it('PowerShell: the inner ProxyCommand is one double-quoted argument for the C runtime', () => {
    expect(connectCommand(CHAIN, { identityFile: '~/.ssh/my key', shell: 'powershell' })).toBe(
      `ssh -i "$env:USERPROFILE\\.ssh\\my key" -o IdentitiesOnly=yes -o 'ProxyCommand=C:\\Windows\\System32\\OpenSSH\\ssh.exe -i "~/.ssh/my key" -o IdentitiesOnly=yes -o "ProxyCommand=C:\\Windows\\System32\\OpenSSH\\ssh.exe -i \\"~/.ssh/my key\\" -o IdentitiesOnly=yes -W %%h:%%p ${INFINI_JUMP_HOST}" -W %h:%p root@aic-dbdz3pprd2g54crp' root@172.27.0.5`,
    );
  });
  it('refuses a posix key path with a backslash when there are hops (ssh reads it differently inside a ProxyCommand)', () => {
    expect(codeOf(() => connectCommand(CHAIN, { identityFile: '/srv/a\\b', shell: 'posix' }))).toBe('connect-unusable-key-path');
    expect(connectCommand(DEV, { identityFile: '/srv/a\\b', shell: 'posix' })).toContain("-i '/srv/a\\b'");
  });
});

describe('authorizeKeyCommand / removeKeyCommand', () => {
  it('one line, appends only (every > is part of >>), key single-quoted', () => {
    const cmd = authorizeKeyCommand(KEY_LINE);
    expect(cmd).not.toContain('\n');
    expect(cmd.replace(/>>/g, '')).not.toContain('>');
    expect(cmd).toContain(`'${KEY_LINE}'`);
    expect(cmd).toMatch(/^mkdir -p ~\/\.ssh && chmod 700 ~\/\.ssh/);
    expect(cmd).toContain('chmod 600 ~/.ssh/authorized_keys');
  });
  it("escapes a quote in the comment as '\\''", () => {
    expect(authorizeKeyCommand(KEY_LINE + " it's")).toContain(`'${KEY_LINE} it'\\''s'`);
  });
  it('refuses several lines and text that is not a key', () => {
    expect(codeOf(() => authorizeKeyCommand(KEY_LINE + '\ntouch /tmp/x'))).toBe('authorize-multiline');
    expect(codeOf(() => authorizeKeyCommand('hello world'))).toBe('authorize-not-a-key');
    expect(codeOf(() => authorizeKeyCommand("ssh-ed25519 AAAA'$(x)"))).toBe('authorize-not-a-key');
    expect(codeOf(() => removeKeyCommand(''))).toBe('authorize-not-a-key');
  });
  it('refuses what the key intake refuses: a malformed body, DSA (the one-liner never installs such a key)', () => {
    const dsa = 'ssh-dss ' + Buffer.concat(['ssh-dss', 'p', 'q', 'g', 'y'].map((f) => { const b = Buffer.from(f); const n = Buffer.alloc(4); n.writeUInt32BE(b.length); return Buffer.concat([n, b]); })).toString('base64') + ' old';
    for (const f of [authorizeKeyCommand, removeKeyCommand]) {
      expect(codeOf(() => f('ssh-ed25519 AAAAnotakey x'))).toBeTruthy();
      expect(codeOf(() => f(dsa))).toBe('dsa-refused');
      expect(codeOf(() => f(KEY_LINE.replace('AAAAC3NzaC1lZDI1NTE5', 'AAAAB3NzaC1yc2EAAAAD')))).toBeTruthy();
    }
  });
  it('remove keeps a backup and never writes the file in place', () => {
    const cmd = removeKeyCommand(KEY_LINE);
    expect(cmd).toContain('cp -p');
    expect(cmd).toContain('mv -f ~/.ssh/authorized_keys.tmp ~/.ssh/authorized_keys');
    expect(cmd).not.toContain('me@laptop'); // matched on type and base64 only
  });
});

describe('localSetupScript', () => {
  const snippet = buildSshConfig({ connection: AIC, identityFile: KEY });
  // pwsh is not installable here (apt-cache policy powershell: no candidate), so the PowerShell
  // variant is checked by structure, and its merge regexes are run under JavaScript's engine.
  const ps = localSetupScript({ keyName: 'infini_ed25519', shell: 'powershell', configSnippet: snippet });

  it('PowerShell: moves from Downloads, restricts the key with icacls, backs up and writes config without a BOM', () => {
    expect(ps.startsWith('& {\n')).toBe(true);
    expect(ps.trimEnd().endsWith('}')).toBe(true);
    expect(ps).toContain("$ErrorActionPreference = 'Stop'");
    expect(ps).toContain("$k = 'infini_ed25519'");
    expect(ps).toContain('Move-Item -LiteralPath $src -Destination $dst');
    expect(ps).toContain('icacls $key /inheritance:r /grant:r "$($env:USERNAME):(F)"');
    expect(ps).toContain('Copy-Item -LiteralPath $c -Destination "$c.bak-$(Get-Date -Format yyyyMMddHHmmss)"');
    expect(ps).toContain('[IO.File]::WriteAllText($c, $new)');
    expect(ps).toContain("$snippet = @'\n" + snippet.replace(/\n$/, '') + "\n'@\n");
    // a different key of the same name stops the script before anything moves
    expect(ps.indexOf('throw "$dst already exists')).toBeLessThan(ps.indexOf('Move-Item'));
    expect(localSetupScript({ keyName: 'k', shell: 'powershell' })).not.toContain('$snippet');
  });

  it("PowerShell: its merge regexes pick the same place as mergeSshConfig", () => {
    const grab = (name: string) => {
      const m = new RegExp(`\\$${name} = \\[regex\\]'(\\(\\?(m|mi)\\))(.*)'\\n`).exec(ps)!;
      return new RegExp(m[3].replace(/\\z/g, '(?![\\s\\S])'), m[2] === 'mi' ? 'mi' : 'm');
    };
    const beg = grab('beg');
    const sec = grab('sec');
    const first = grab('first');
    const psMerge = (old: string) => {
      const nl = /^[^\n]*\r\n/.test(old) ? '\r\n' : '\n';
      const sn = snippet.replace(/\n$/, '').replace(/\r?\n/g, nl) + nl;
      const b = beg.exec(old);
      const m = sec.exec(old);
      if (b && !(m && m.index === b.index)) throw new Error('begin marker without end marker');
      if (b && m) return old.slice(0, m.index) + (m[1] === '' ? sn.slice(0, -nl.length) : sn) + old.slice(m.index + m[0].length);
      const f = first.exec(old);
      if (f) return old.slice(0, f.index) + sn + nl + old.slice(f.index);
      let n = old;
      if (n !== '' && !n.endsWith('\n')) n += nl;
      if (n !== '' && !/(^|\n)\r?\n$/.test(n)) n += nl;
      return n + sn;
    };
    const configs = [
      '',
      'ForwardAgent no',
      'Include x\n\nHost *\n  User a\n',
      'Host w\r\n  User me\r\n',
      'HostName x\nmatch all\n',
      mergeSshConfig('Host w\n', snippet),
      mergeSshConfig('Host w\n', buildSshConfig({ connection: DEV, identityFile: KEY, alias: 'other' })),
      mergeSshConfig('a\n', buildSshConfig({ connection: DEV, identityFile: KEY, alias: defaultAlias(AIC) })),
    ];
    for (const c of configs) expect(psMerge(c), JSON.stringify(c)).toBe(mergeSshConfig(c, snippet));
    // our section's end marker as the file's last line without a line break
    const noFinalNl = 'Include x\n' + snippet.replace(/\n$/, '');
    expect(psMerge(noFinalNl)).toBe(mergeSshConfig(noFinalNl, snippet));
  });

  it('PowerShell: a begin marker whose end comes only after another alias\'s section is refused, as mergeSshConfig does', () => {
    const beg = new RegExp(/\$beg = \[regex\]'\(\?m\)(.*)'\n/.exec(ps)![1], 'm');
    const sec = new RegExp(/\$sec = \[regex\]'\(\?m\)(.*)'\n/.exec(ps)![1].replace(/\\z/g, '(?![\\s\\S])'), 'm');
    const alias = defaultAlias(AIC);
    const other = buildSshConfig({ connection: DEV, identityFile: KEY, alias: 'other' });
    // begin <alias> without its end; another section; then a stray end <alias>
    const broken = `# Infini SSH Keys: begin ${alias}\nHost x\n${other}# Infini SSH Keys: end ${alias}\nHost mine\n`;
    expect(codeOf(() => mergeSshConfig(broken, snippet))).toBe('config-broken-section');
    const b = beg.exec(broken);
    const m = sec.exec(broken);
    expect(b?.index).toBe(0);
    expect(m && m.index === b!.index).toBeFalsy(); // the script throws instead of eating "other"
    expect(ps).toContain('if ($b.Success -and -not ($m.Success -and $m.Index -eq $b.Index)) { throw');
  });

  it('posix and gitbash: one subshell with set -e; Git Bash also restricts the key for Windows OpenSSH', () => {
    const p = localSetupScript({ keyName: 'infini_ed25519', shell: 'posix', configSnippet: snippet });
    expect(p.startsWith('(\nset -e\n')).toBe(true);
    expect(p.trimEnd().endsWith(')')).toBe(true);
    expect(p).not.toContain('icacls');
    const g = localSetupScript({ keyName: 'infini_ed25519', shell: 'gitbash' });
    expect(g).toContain('MSYS_NO_PATHCONV=1 icacls');
  });

  it('refuses key names that are not plain file names', () => {
    for (const n of ['', '../x', 'a b', '-x', 'config', "a'b", '$(x)']) {
      expect(codeOf(() => localSetupScript({ keyName: n, shell: 'posix' })), n).toBe('setup-bad-key-name');
    }
  });
});

describe('vscodeRemoteUri', () => {
  it('builds the Remote-SSH link, encoding alias and path', () => {
    expect(vscodeRemoteUri('infini-aic-dbdz3pprd2g54crp')).toBe('vscode://vscode-remote/ssh-remote+infini-aic-dbdz3pprd2g54crp/root');
    expect(vscodeRemoteUri('dev', '/home/me/my project')).toBe('vscode://vscode-remote/ssh-remote+dev/home/me/my%20project');
    expect(vscodeRemoteUri('a+b', 'work')).toBe('vscode://vscode-remote/ssh-remote+a%2Bb/work');
  });
});
