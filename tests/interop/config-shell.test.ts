// The shell one-liners and setup scripts, run for real: bash (and dash) against a temporary
// HOME, then the resulting files checked byte for byte and used for a real login.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { readFileSync, mkdirSync, writeFileSync, existsSync, statSync, readdirSync, chmodSync, symlinkSync, lstatSync, readlinkSync } from 'node:fs';
import { userInfo } from 'node:os';
import fc from 'fast-check';
import { sshKeygen, startSshd, tempDir, run, noAgentEnv, TEST_HOST_STAR_BLOCK, type Sshd } from '../helpers/openssh';
import { authorizeKeyCommand, removeKeyCommand, localSetupScript, buildSshConfig, buildManagedSection, MANAGED_SECTION, mergeSshConfig, MERGE_AWK, type Connection } from '../../lib/config';

const mode = (p: string) => statSync(p).mode & 0o777;

let server: Sshd;
let keyDir: string;
let keyLine: string; // `ssh-ed25519 BASE64 comment`
let typeAndBlob: string;
const user = userInfo().username;

beforeAll(async () => {
  keyDir = tempDir('keys-');
  expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', 'me@laptop', '-f', join(keyDir, 'k')]).status).toBe(0);
  keyLine = readFileSync(join(keyDir, 'k.pub'), 'utf8').trim();
  typeAndBlob = keyLine.split(' ').slice(0, 2).join(' ');
  server = await startSshd([]);
});
afterAll(async () => server?.stop());

function newHome(): string {
  return tempDir('home-');
}

function sh(home: string, script: string, shell = 'bash', extraEnv: NodeJS.ProcessEnv = {}) {
  const [cmd, ...pre] = shell.split(' ');
  return run(cmd, [...pre, '-c', script], { env: noAgentEnv({ HOME: home, ...extraEnv }), timeout: 90_000 });
}

/** sshd reads the given authorized_keys text; the key in keyDir logs in or not. */
function loginWith(authorizedKeys: string) {
  writeFileSync(server.authorizedKeysFile, authorizedKeys);
  return run('ssh', ['-F', '/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-o', 'LogLevel=ERROR', '-i', join(keyDir, 'k'), '-p', String(server.port), `${user}@127.0.0.1`, 'echo', 'ok'], { env: noAgentEnv() });
}

const OTHER_A = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherKeyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA alice';
const OTHER_B = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQOtherRsa bob@host';

describe('authorizeKeyCommand in bash with a temporary HOME', () => {
  it('creates ~/.ssh (700) and authorized_keys (600) holding exactly the key, and sshd accepts it', () => {
    const home = newHome();
    const r = sh(home, authorizeKeyCommand(keyLine));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Key added/);
    const f = join(home, '.ssh', 'authorized_keys');
    expect(readFileSync(f, 'utf8')).toBe(keyLine + '\n');
    expect(mode(join(home, '.ssh'))).toBe(0o700);
    expect(mode(f)).toBe(0o600);
    expect(loginWith(readFileSync(f, 'utf8')).stdout).toBe('ok\n');
  });

  it('run twice adds no duplicate line', () => {
    const home = newHome();
    sh(home, authorizeKeyCommand(keyLine));
    const r = sh(home, authorizeKeyCommand(keyLine));
    expect(r.stdout).toMatch(/already present/);
    expect(readFileSync(join(home, '.ssh', 'authorized_keys'), 'utf8')).toBe(keyLine + '\n');
  });

  it('appends after keys already there, fixes loose modes, never truncates', () => {
    const home = newHome();
    mkdirSync(join(home, '.ssh'), { mode: 0o755 });
    chmodSync(join(home, '.ssh'), 0o755);
    const f = join(home, '.ssh', 'authorized_keys');
    writeFileSync(f, `${OTHER_A}\n${OTHER_B}\n`, { mode: 0o644 });
    chmodSync(f, 0o644);
    expect(sh(home, authorizeKeyCommand(keyLine)).status).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe(`${OTHER_A}\n${OTHER_B}\n${keyLine}\n`);
    expect(mode(f)).toBe(0o600);
    expect(mode(join(home, '.ssh'))).toBe(0o700);
  });

  it('adds a line break first when the file lacks a final one (the docs\' echo >> would glue the keys)', () => {
    const home = newHome();
    mkdirSync(join(home, '.ssh'));
    const f = join(home, '.ssh', 'authorized_keys');
    writeFileSync(f, OTHER_A);
    sh(home, authorizeKeyCommand(keyLine));
    expect(readFileSync(f, 'utf8')).toBe(`${OTHER_A}\n${keyLine}\n`);
    expect(loginWith(readFileSync(f, 'utf8')).stdout).toBe('ok\n');
  });

  it('recognises the key already present with another comment or options; not when only commented out', () => {
    const home = newHome();
    mkdirSync(join(home, '.ssh'));
    const f = join(home, '.ssh', 'authorized_keys');
    const present = `${OTHER_A}\nno-pty,from="10.0.0.1" ${typeAndBlob} old comment\r\n`;
    writeFileSync(f, present);
    expect(sh(home, authorizeKeyCommand(keyLine)).stdout).toMatch(/already present/);
    expect(readFileSync(f, 'utf8')).toBe(present);
    const commented = `# ${keyLine}\n`;
    writeFileSync(f, commented);
    expect(sh(home, authorizeKeyCommand(keyLine)).stdout).toMatch(/Key added/);
    expect(readFileSync(f, 'utf8')).toBe(commented + keyLine + '\n');
  });

  const hostile = (marker: string) => [
    `'; touch ${marker} #`,
    `$(touch ${marker})`,
    '`touch ' + marker + '`',
    `"; touch ${marker}; echo "`,
    `\\'$(touch ${marker})\\`,
    `it's $HOME & ${'${IFS}'} | > ${marker} 你好`,
  ];

  // bash, dash (Debian's sh) and busybox sh (minimal images); .ci/run installs busybox
  const shells = ['bash', 'dash', 'busybox sh'];
  for (const shell of shells) {
    it(`hostile comments run nothing in ${shell}; the line lands byte for byte and still logs in`, () => {
      const marks = tempDir('marks-');
      hostile(join(marks, 'pwned')).forEach((comment, i) => {
        const home = newHome();
        const line = `${typeAndBlob} ${comment}`;
        const r = sh(home, authorizeKeyCommand(line), shell);
        expect(r.status, `${comment}: ${r.stderr}`).toBe(0);
        expect(readdirSync(marks), comment).toEqual([]);
        expect(existsSync(join(home, '.ssh', 'authorized_keys'))).toBe(true);
        expect(readFileSync(join(home, '.ssh', 'authorized_keys'), 'utf8')).toBe(line + '\n');
        expect(readdirSync(home)).toEqual(['.ssh']);
        if (i === 0) expect(loginWith(line + '\n').stdout).toBe('ok\n');
      });
    });
  }
});

describe('removeKeyCommand in bash', () => {
  it('removes exactly that key (any comment), keeps the others and commented lines, keeps a backup and mode 600', () => {
    const home = newHome();
    mkdirSync(join(home, '.ssh'));
    const f = join(home, '.ssh', 'authorized_keys');
    const before = `${OTHER_A}\n${typeAndBlob} some other comment\n# ${keyLine}\n${OTHER_B}\r\ncommand="x" ${typeAndBlob}\n`;
    writeFileSync(f, before, { mode: 0o600 });
    const r = sh(home, removeKeyCommand(keyLine));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Key removed/);
    expect(readFileSync(f, 'utf8')).toBe(`${OTHER_A}\n# ${keyLine}\n${OTHER_B}\r\n`);
    expect(mode(f)).toBe(0o600);
    const backups = readdirSync(join(home, '.ssh')).filter((n) => n.startsWith('authorized_keys.bak-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(home, '.ssh', backups[0]), 'utf8')).toBe(before);
    expect(loginWith(readFileSync(f, 'utf8')).status).toBe(255);
  });

  it('says so and changes nothing when the key is not there', () => {
    const home = newHome();
    mkdirSync(join(home, '.ssh'));
    const f = join(home, '.ssh', 'authorized_keys');
    writeFileSync(f, `${OTHER_A}\n`, { mode: 0o600 });
    const r = sh(home, removeKeyCommand(keyLine));
    expect(r.stdout).toMatch(/not found/);
    expect(readFileSync(f, 'utf8')).toBe(`${OTHER_A}\n`);
    expect(readdirSync(join(home, '.ssh'))).toEqual(['authorized_keys']);
    expect(sh(newHome(), removeKeyCommand(keyLine)).stdout).toMatch(/not found/);
  });
});

describe('localSetupScript (posix, gitbash) in bash with a temporary HOME', () => {
  const KEY = 'infini_ed25519';
  function homeWithDownloads(downloads?: string): string {
    const home = newHome();
    const dl = downloads ?? join(home, 'Downloads');
    mkdirSync(dl, { recursive: true });
    writeFileSync(join(dl, KEY), readFileSync(join(keyDir, 'k')), { mode: 0o644 });
    writeFileSync(join(dl, KEY + '.pub'), readFileSync(join(keyDir, 'k.pub')), { mode: 0o644 });
    return home;
  }
  function homeWithDownloadsIn(dl: string): void {
    mkdirSync(dl, { recursive: true });
    writeFileSync(join(dl, KEY), readFileSync(join(keyDir, 'k')), { mode: 0o644 });
    writeFileSync(join(dl, KEY + '.pub'), readFileSync(join(keyDir, 'k.pub')), { mode: 0o644 });
  }
  const USER_CONFIG = 'ServerAliveInterval 15\n\n# my hosts\nHost work\n    HostName work.example.com\n    User me\n\n' + TEST_HOST_STAR_BLOCK;

  function snippetFor(home: string) {
    const c: Connection = { host: '127.0.0.1', port: server.port, user, kind: 'devmachine' };
    // ssh expands `~` with the passwd home, so the test names the temporary HOME's key absolutely
    return buildSshConfig({ connection: c, identityFile: join(home, '.ssh', KEY), alias: 'dev' });
  }

  for (const shell of ['posix', 'gitbash'] as const) {
    it(`${shell}: moves the key pair into ~/.ssh (600/644, dir 700), merges the config with a backup, and the key logs in`, () => {
      const home = homeWithDownloads();
      mkdirSync(join(home, '.ssh'));
      writeFileSync(join(home, '.ssh', 'config'), USER_CONFIG);
      const snippet = snippetFor(home);
      const script = localSetupScript({ keyName: KEY, shell, configSnippet: snippet });
      const r = sh(home, script);
      expect(r.status, r.stderr).toBe(0);
      expect(readdirSync(join(home, 'Downloads'))).toEqual([]);
      const ssh = join(home, '.ssh');
      expect(mode(ssh)).toBe(0o700);
      expect(mode(join(ssh, KEY))).toBe(0o600);
      expect(mode(join(ssh, KEY + '.pub'))).toBe(0o644);
      expect(readFileSync(join(ssh, KEY))).toEqual(readFileSync(join(keyDir, 'k')));
      const merged = readFileSync(join(ssh, 'config'), 'utf8');
      expect(merged).toBe(mergeSshConfig(USER_CONFIG, snippet));
      expect(mode(join(ssh, 'config'))).toBe(0o600);
      const backups = readdirSync(ssh).filter((n) => n.startsWith('config.bak-'));
      expect(backups).toHaveLength(1);
      expect(readFileSync(join(ssh, backups[0]), 'utf8')).toBe(USER_CONFIG);
      // the real login with the moved key and the merged config
      writeFileSync(server.authorizedKeysFile, keyLine + '\n');
      const login = run('ssh', ['-F', join(ssh, 'config'), 'dev', 'echo', 'ok'], { env: noAgentEnv({ HOME: home }) });
      expect(login.stdout, login.stderr).toBe('ok\n');
      // run again: nothing to move, the same config
      const again = sh(home, script);
      expect(again.status, again.stderr).toBe(0);
      expect(readFileSync(join(ssh, 'config'), 'utf8')).toBe(merged);
    });
  }

  it('gitbash: takes the download from the Windows profile (cygpath) when HOME is elsewhere', () => {
    const profile = tempDir('profile-');
    const home = homeWithDownloads(join(profile, 'Downloads'));
    const bin = tempDir('bin-');
    writeFileSync(join(bin, 'cygpath'), '#!/bin/sh\n[ "$1" = -u ] && printf "%s\\n" "$2"\n', { mode: 0o755 });
    const r = sh(home, localSetupScript({ keyName: KEY, shell: 'gitbash' }), 'bash', { USERPROFILE: profile, PATH: `${bin}:${process.env.PATH}` });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(profile, 'Downloads'))).toEqual([]);
    expect(mode(join(home, '.ssh', KEY))).toBe(0o600);
  });

  it('never overwrites a different key of the same name: stops before changing anything', () => {
    const home = homeWithDownloads();
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    writeFileSync(join(home, '.ssh', KEY), 'an older different key\n', { mode: 0o600 });
    writeFileSync(join(home, '.ssh', 'config'), USER_CONFIG);
    const r = sh(home, localSetupScript({ keyName: KEY, shell: 'posix', configSnippet: snippetFor(home) }));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/already exists and differs/);
    expect(r.stderr).toMatch(/已存在/);
    expect(readFileSync(join(home, '.ssh', KEY), 'utf8')).toBe('an older different key\n');
    expect(readdirSync(join(home, 'Downloads')).sort()).toEqual([KEY, KEY + '.pub']);
    expect(readFileSync(join(home, '.ssh', 'config'), 'utf8')).toBe(USER_CONFIG);
  });

  it('says where it looked when the download is missing, and changes nothing', () => {
    const home = newHome();
    const r = sh(home, localSetupScript({ keyName: KEY, shell: 'posix' }), 'dash');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(join(home, 'Downloads', KEY));
    expect(existsSync(join(home, '.ssh', KEY))).toBe(false);
  });

  /** A PATH whose `xdg-user-dir DOWNLOAD` prints the given folder, as on a Linux desktop. */
  function xdgPath(downloads: string): NodeJS.ProcessEnv {
    const bin = tempDir('bin-');
    writeFileSync(join(bin, 'xdg-user-dir'), `#!/bin/sh\n[ "$1" = DOWNLOAD ] && printf '%s\\n' '${downloads}'\n`, { mode: 0o755 });
    return { PATH: `${bin}:${process.env.PATH}` };
  }

  it('posix: a Chinese desktop downloads into ~/下载 (xdg-user-dir): the key pair is taken from there', () => {
    const home = newHome();
    const dl = join(home, '下载');
    homeWithDownloadsIn(dl);
    expect(existsSync(join(home, 'Downloads'))).toBe(false);
    const r = sh(home, localSetupScript({ keyName: KEY, shell: 'posix', configSnippet: snippetFor(home) }), 'bash', { ...xdgPath(dl), LANG: 'zh_CN.UTF-8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(dl)).toEqual([]);
    expect(readFileSync(join(home, '.ssh', KEY))).toEqual(readFileSync(join(keyDir, 'k')));
    expect(mode(join(home, '.ssh', KEY))).toBe(0o600);
  });

  it('posix: xdg-user-dir names ~/下载 but the browser saved into ~/Downloads: taken from ~/Downloads', () => {
    const home = homeWithDownloads();
    mkdirSync(join(home, '下载'));
    const r = sh(home, localSetupScript({ keyName: KEY, shell: 'posix' }), 'dash', xdgPath(join(home, '下载')));
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(home, 'Downloads'))).toEqual([]);
    expect(mode(join(home, '.ssh', KEY))).toBe(0o600);
  });

  it('a ~/.ssh/config that is a symlink into a dotfiles folder stays a symlink; its target gets the merged text', () => {
    for (const shell of ['posix', 'gitbash'] as const) {
      const home = homeWithDownloads();
      mkdirSync(join(home, 'dotfiles'));
      const target = join(home, 'dotfiles', 'ssh_config');
      writeFileSync(target, USER_CONFIG, { mode: 0o600 });
      mkdirSync(join(home, '.ssh'), { mode: 0o700 });
      symlinkSync('../dotfiles/ssh_config', join(home, '.ssh', 'config'));
      const snippet = snippetFor(home);
      const r = sh(home, localSetupScript({ keyName: KEY, shell, configSnippet: snippet }));
      expect(r.status, `${shell}: ${r.stderr}`).toBe(0);
      expect(lstatSync(join(home, '.ssh', 'config')).isSymbolicLink(), shell).toBe(true);
      expect(readlinkSync(join(home, '.ssh', 'config'))).toBe('../dotfiles/ssh_config');
      expect(readFileSync(target, 'utf8')).toBe(mergeSshConfig(USER_CONFIG, snippet));
      expect(mode(target)).toBe(0o600);
      const left = readdirSync(join(home, '.ssh')).sort();
      expect(left.filter((n) => n.startsWith('config.bak-'))).toHaveLength(1);
      expect(left.filter((n) => n.includes('infini-'))).toEqual([]);
    }
  });

  it('creates ~/.ssh/config when there is none, and works in dash', () => {
    const home = homeWithDownloads();
    const snippet = snippetFor(home);
    const r = sh(home, localSetupScript({ keyName: KEY, shell: 'posix', configSnippet: snippet }), 'dash');
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(home, '.ssh', 'config'), 'utf8')).toBe(snippet);
    expect(mode(join(home, '.ssh', 'config'))).toBe(0o600);
  });
});

describe('the shell-side merge (awk) gives the same text as mergeSshConfig', () => {
  const conn: Connection = { host: 'aic-abcdefghijklmnop', user: 'root', jump: { host: 'ssh-jumper.cloud.infini-ai.com' }, kind: 'aicoder' };
  const lineArb = fc.oneof(
    fc.constantFrom(
      'Host work', 'host=bar', '  Match all', 'HOST\tx', 'Hostname x', 'Hosts x', 'matchbox', '# comment', '', '   ', 'Include ~/.orbstack/ssh/config',
      '    User me', 'IdentityFile ~/.ssh/id_rsa', 'Host *', '# Infini SSH Keys: begin A', '# Infini SSH Keys: end A', '# Infini SSH Keys: begin B  ',
      '# Infini SSH Keys: end B', '# Infini SSH Keys: begin C', 'Host A', '    Port 2222', '\tHost\ttabbed',
      '# Infini SSH Keys: begin all-machines', '# Infini SSH Keys: end all-machines', '# Infini SSH Keys: begin dev', '# Infini SSH Keys: end dev',
    ),
    fc.string({ maxLength: 12 }).map((s) => s.replace(/[\n\0]/g, '')),
  );
  const configArb = fc.record({
    lines: fc.array(lineArb, { maxLength: 14 }),
    crlf: fc.boolean(),
    finalNewline: fc.boolean(),
  }).map(({ lines, crlf, finalNewline }) => {
    const nl = crlf ? '\r\n' : '\n';
    return lines.length === 0 ? '' : lines.join(nl) + (finalNewline ? nl : '');
  });

  // The awk users have: mawk (Debian's default, always here), gawk, the one true awk (macOS's
  // awk), busybox (minimal images). .ci/run installs them all; a missing one fails, never skips.
  const awks = [['mawk'], ['gawk'], ['original-awk'], ['busybox', 'awk']];

  it.each(awks.map((a) => [a.join(' '), a]))('%s: on random configs (broken sections, CRLF, missing final newlines)', (_name, argv) => {
    const dir = tempDir('awk-');
    const awk = join(dir, 'merge.awk');
    writeFileSync(awk, MERGE_AWK);
    fc.assert(
      fc.property(configArb, fc.constantFrom('A', 'B', 'dev', MANAGED_SECTION), (existing, alias) => {
        // the managed section ("config for all") also drops our older sections for A and dev
        const snippet =
          alias === MANAGED_SECTION
            ? buildManagedSection([{ alias: 'A', connection: conn, identityFile: '~/.ssh/k' }, { alias: 'dev', connection: { host: '10.0.0.2', port: 2222, kind: 'devmachine' }, identityFile: '~/.ssh/k' }])
            : buildSshConfig({ connection: conn, identityFile: '~/.ssh/k', alias });
        writeFileSync(join(dir, 'config'), existing);
        writeFileSync(join(dir, 'snippet'), snippet);
        const r = run(argv[0], [...argv.slice(1), '-f', awk, join(dir, 'snippet'), join(dir, 'config')]);
        // awk cannot see a missing final newline: it reads such a file as if the newline were there
        const asAwkReads = existing === '' || existing.endsWith('\n') ? existing : existing + '\n';
        let expected: string;
        try {
          expected = mergeSshConfig(asAwkReads, snippet);
        } catch (e) {
          expect((e as { code?: string }).code).toBe('config-broken-section');
          expect(r.status).toBe(3);
          return;
        }
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toBe(expected);
      }),
      { numRuns: awks.length > 2 ? 80 : 150 },
    );
  });
});
