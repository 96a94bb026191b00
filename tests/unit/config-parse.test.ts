// parseConnectCommand: the commands consoles show and users paste, and what is refused.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseConnectCommand, INFINI_JUMP_HOST, type Connection } from '../../lib/config';

const AIC = 'aic-dbdz3pprd2g54crp';
const J = INFINI_JUMP_HOST;

const accepted: Array<[string, Connection]> = [
  ['ssh -p 41587 user@1.2.3.4', { host: '1.2.3.4', port: 41587, user: 'user', kind: 'devmachine' }],
  ['ssh user@1.2.3.4 -p 41587', { host: '1.2.3.4', port: 41587, user: 'user', kind: 'devmachine' }],
  ['ssh -p41587 root@1.2.3.4', { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  ['ssh -o Port=41587 root@1.2.3.4', { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  ['ssh -oPort=41587 root@1.2.3.4', { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  ['ssh -o "Port 41587" -o User=alice 1.2.3.4', { host: '1.2.3.4', port: 41587, user: 'alice', kind: 'devmachine' }],
  ['ssh -l alice -p 22 example.com', { host: 'example.com', port: 22, user: 'alice', kind: 'generic' }],
  ['ssh -lalice example.com', { host: 'example.com', user: 'alice', kind: 'generic' }],
  ['ssh -i ~/.ssh/id_work -p 2222 me@host.example', { host: 'host.example', port: 2222, user: 'me', identityFile: '~/.ssh/id_work', kind: 'devmachine' }],
  [`ssh -J ${J} root@${AIC}`, { host: AIC, user: 'root', jump: { host: J }, kind: 'aicoder' }],
  [`ssh -J janedoe@${J} root@${AIC}`, { host: AIC, user: 'root', jump: { host: J, user: 'janedoe' }, kind: 'aicoder' }],
  [`ssh -J jane@${J}:2200 root@${AIC}`, { host: AIC, user: 'root', jump: { host: J, user: 'jane', port: 2200 }, kind: 'aicoder' }],
  [`ssh -o ProxyJump=${J} root@${AIC}`, { host: AIC, user: 'root', jump: { host: J }, kind: 'aicoder' }],
  [`ssh -v -J ${J} user@${AIC}`, { host: AIC, user: 'user', jump: { host: J }, kind: 'aicoder' }],
  [`ssh -J ${J} -p 2222 root@is-abcdefghijklmnop-devmachine-0`, { host: 'is-abcdefghijklmnop-devmachine-0', port: 2222, user: 'root', jump: { host: J }, kind: 'aicoder' }],
  ['ssh -J bastion.example root@10.0.0.5', { host: '10.0.0.5', user: 'root', jump: { host: 'bastion.example' }, kind: 'generic' }],
  [`$ ssh -p 41587 root@1.2.3.4`, { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  [`> ssh -p 41587 root@1.2.3.4`, { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  [`PS C:\\Users\\jane> ssh -p 41587 root@1.2.3.4`, { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  [`jane@laptop:~$ ssh -p 41587 root@1.2.3.4`, { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  [`\n\t  ssh -p 41587 root@1.2.3.4  \r\n\n`, { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  [`ssh\u00a0-p\u00a041587\u3000root@1.2.3.4`, { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  [`ssh -p 41587 \\\n  root@1.2.3.4`, { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  ['ssh -4 -A -X -t -C -vvv -p 41587 root@1.2.3.4', { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  ['ssh -L 8888:localhost:8888 -p 41587 root@1.2.3.4', { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  ['ssh -o StrictHostKeyChecking=no -p 41587 root@1.2.3.4', { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  ['ssh -p 22 root@1.2.3.4', { host: '1.2.3.4', port: 22, user: 'root', kind: 'generic' }],
  ['ssh root@connect.westb.seetacloud.com -p 12345', { host: 'connect.westb.seetacloud.com', port: 12345, user: 'root', kind: 'devmachine' }],
  ['ssh.exe -p 41587 root@1.2.3.4', { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  ['/usr/bin/ssh root@host', { host: 'host', user: 'root', kind: 'generic' }],
  ['ssh ssh://root@1.2.3.4:41587', { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  ['ssh -o HostName=10.1.2.3 alias', { host: '10.1.2.3', kind: 'generic' }],
  ["ssh -p '41587' 'root'@1.2.3.4", { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  // first value wins, as in ssh
  ['ssh -p 5 -p 6 -l a -l b h', { host: 'h', port: 5, user: 'a', kind: 'devmachine' }],
  ['ssh -l a b@h', { host: 'h', user: 'a', kind: 'generic' }],
  ['ssh b@h -l a', { host: 'h', user: 'b', kind: 'generic' }],
  // bare hosts as the platform's API returns `addr`
  [AIC, { host: AIC, user: 'root', jump: { host: J }, kind: 'aicoder' }],
  [`  ${AIC}\n`, { host: AIC, user: 'root', jump: { host: J }, kind: 'aicoder' }],
  [`jane@${AIC}`, { host: AIC, user: 'jane', jump: { host: J }, kind: 'aicoder' }],
  ['1.2.3.4', { host: '1.2.3.4', kind: 'generic' }],
  ['root@1.2.3.4:41587', { host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' }],
  [`ssh -J ${J} -p 22 root@${AIC}`, { host: AIC, port: 22, user: 'root', jump: { host: J }, kind: 'aicoder' }],
];

describe('parseConnectCommand accepts what consoles show', () => {
  for (const [text, want] of accepted) {
    it(JSON.stringify(text), () => {
      const r = parseConnectCommand(text);
      if (!r.ok) throw new Error(`refused: ${r.error.code} ${r.error.en}`);
      expect(r.connection).toEqual(want);
    });
  }
  it('a chain: -J a,b, -J given twice and ProxyJump a,b give the hop list, first hop first', () => {
    const hops = [{ host: J }, { host: AIC, user: 'root' }];
    const want: Connection = { host: '172.27.0.5', user: 'root', port: 2222, jump: hops[0], jumps: hops, kind: 'devmachine' };
    for (const text of [
      `ssh -J ${J},root@${AIC} -p 2222 root@172.27.0.5`,
      `ssh -J ${J} -J root@${AIC} -p 2222 root@172.27.0.5`,
      `ssh -o ProxyJump=${J},root@${AIC} -p 2222 root@172.27.0.5`,
      `ssh -o "ProxyJump ${J},root@${AIC}" -p 2222 root@172.27.0.5`,
    ]) {
      const r = parseConnectCommand(text);
      if (!r.ok) throw new Error(`refused: ${text}: ${r.error.en}`);
      expect(r.connection, text).toEqual(want);
    }
    const three = parseConnectCommand('ssh -J a@h1:2201,h2,b@[::1]:2203 t');
    expect(three.ok && three.connection.jumps).toEqual([{ host: 'h1', user: 'a', port: 2201 }, { host: 'h2' }, { host: '::1', user: 'b', port: 2203 }]);
    // a -o ProxyJump before -J wins, as ssh keeps the first value; a later -J adds nothing to it
    const first = parseConnectCommand('ssh -o ProxyJump=j0 -J j1 -J j2 t');
    expect(first.ok && first.connection).toEqual({ host: 't', jump: { host: 'j0' }, kind: 'generic' });
  });
  it('one hop keeps the shape it always had (no jumps list)', () => {
    const r = parseConnectCommand(`ssh -J ${J} root@${AIC}`);
    expect(r.ok && r.connection).toEqual({ host: AIC, user: 'root', jump: { host: J }, kind: 'aicoder' });
  });
  it('a bracketed IPv6 jump host with a port', () => {
    const r = parseConnectCommand('ssh -J [::1]:2200 root@::1');
    expect(r.ok && r.connection).toEqual({ host: '::1', user: 'root', jump: { host: '::1', port: 2200 }, kind: 'generic' });
  });
});

const refused: Array<[string, string]> = [
  ['', 'connect-empty'],
  ['   \n\t ', 'connect-empty'],
  ['$ ', 'connect-empty'],
  ['ssh -p 41587 root@1.2.3.4; rm -rf ~', 'connect-several-commands'],
  ['ssh -p 41587 root@1.2.3.4 && echo hi', 'connect-several-commands'],
  ['ssh root@1.2.3.4 || true', 'connect-several-commands'],
  ['ssh root@1.2.3.4 & ', 'connect-several-commands'],
  ['ssh -p 41587 root@1.2.3.4\nssh -p 41588 root@1.2.3.5', 'connect-several-commands'],
  ['ssh root@1.2.3.4 | tee log', 'connect-pipe'],
  ['ssh root@1.2.3.4 > out.txt', 'connect-redirect'],
  ['ssh root@1.2.3.4 < /dev/null', 'connect-redirect'],
  ['ssh root@`hostname`', 'connect-substitution'],
  ['ssh root@$(hostname)', 'connect-substitution'],
  ['ssh root@$HOST', 'connect-substitution'],
  ['ssh "root@$(hostname)"', 'connect-substitution'],
  ['ssh -p 0 root@1.2.3.4', 'connect-bad-port'],
  ['ssh -p 65536 root@1.2.3.4', 'connect-bad-port'],
  ['ssh -p abc root@1.2.3.4', 'connect-bad-port'],
  ['ssh -p -1 root@1.2.3.4', 'connect-bad-port'],
  ['ssh -o Port=99999 root@1.2.3.4', 'connect-bad-port'],
  ['ssh -J jumper:0 root@h', 'connect-bad-port'],
  ['ssh -p 41587', 'connect-no-host'],
  ['ssh', 'connect-no-host'],
  ['ssh -p', 'connect-missing-argument'],
  ['ssh root@', 'connect-no-host'],
  ['ssh root@host echo hi', 'connect-remote-command'],
  ['ssh -G root@host', 'connect-unsupported-option'],
  ['ssh -F ~/.ssh/other root@host', 'connect-unsupported-option'],
  ['ssh -W host:22 jumper', 'connect-unsupported-option'],
  ['ssh -o ProxyCommand="nc %h %p" root@host', 'connect-unsupported-option'],
  ['ssh -o LocalCommand=id root@host', 'connect-unsupported-option'],
  ['ssh -Z root@host', 'connect-unsupported-option'],
  ['ssh -J a,,b root@host', 'connect-no-host'],
  ['ssh -J a,b:x root@host', 'connect-bad-port'],
  ["ssh 'root@host", 'connect-unbalanced-quote'],
  ['scp file root@host:', 'connect-not-ssh'],
  ['rm -rf /', 'connect-not-ssh'],
  ['ssh root@ho*st', 'connect-bad-host'],
  ['ssh root@1.2.3.4:41587', 'connect-bad-host'],
  ['1.2.3.4:0', 'connect-bad-port'],
  ['ssh "root@host name"', 'connect-bad-host'],
  ["ssh 'ro ot'@host", 'connect-bad-user'],
  ['ssh -l -x host', 'connect-bad-user'],
  // a user name ends up inside a ProxyCommand run by sh: no $, backslash or % (no login needs them)
  [`ssh -J 'u$HOME@jumper' root@host`, 'connect-bad-user'],
  [`ssh -J 'u\\x@jumper' root@host`, 'connect-bad-user'],
  [`ssh -l 'a$b' host`, 'connect-bad-user'],
  [`ssh 'a%nb@host'`, 'connect-bad-user'],
  ['(ssh root@host)', 'connect-several-commands'],
  // `#` is a comment in bash, not in interactive zsh: there the payload after it runs
  ['ssh -p 41587 root@1.2.3.4 # the dev machine', 'connect-comment'],
  ['ssh -p 41587 root@1.2.3.4 # ; touch /tmp/pwned', 'connect-comment'],
  ['ssh -p 41587 root@1.2.3.4 #', 'connect-comment'],
];

describe('parseConnectCommand refuses everything else, with a bilingual typed error', () => {
  for (const [text, code] of refused) {
    it(`${JSON.stringify(text)} → ${code}`, () => {
      const r = parseConnectCommand(text);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe(code);
      expect(r.error.field).toBe('command');
      expect(r.error.en.length).toBeGreaterThan(10);
      expect(r.error.zh).toMatch(/[\u4e00-\u9fff]/);
    });
  }

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `ssh ${s}`), fc.array(fc.constantFrom('ssh', '-p', '22', '-J', 'a@b:1', '-o', 'Port=3', 'x@y', ';', "'", '"', '\\', '\n', '$(', '#', '-l')).map((a) => a.join(' '))), (s) => {
        const r = parseConnectCommand(s);
        expect(typeof r.ok).toBe('boolean');
        if (r.ok) {
          expect(r.connection.host).not.toBe('');
          if (r.connection.port !== undefined) expect(r.connection.port).toBeGreaterThanOrEqual(1);
        } else {
          expect(r.error.code).toMatch(/^connect-/);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the plain console command is read as the general reader reads it', () => {
  // parseConnectCommand reads `ssh -p PORT user@a.b.c.d` without its general reader; a space at
  // the end (trimmed by that reader) sends the same command the whole way. Both must agree on
  // every such command, refusals included (a port out of range, an address that is no IPv4).
  const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
  const user = fc.stringMatching(/^[A-Za-z0-9_.-]{1,33}$/);
  const command = fc.tuple(digits(1, 6), user, fc.array(digits(1, 4), { minLength: 4, maxLength: 4 })).map(([port, u, ip]) => `ssh -p ${port} ${u}@${ip.join('.')}`);
  it('gives the same Connection (or the same refusal) as with a trailing space', () => {
    fc.assert(
      fc.property(command, (c) => {
        const fast = parseConnectCommand(c);
        const whole = parseConnectCommand(`${c} `);
        expect(JSON.stringify(fast.ok ? fast : { ok: false, code: fast.error.code })).toBe(JSON.stringify(whole.ok ? whole : { ok: false, code: whole.error.code }));
      }),
      { numRuns: 3000 },
    );
  });
  it('the console\'s rows: a dev machine with its port, and refusals where the general reader refuses', () => {
    expect(parseConnectCommand('ssh -p 30001 root@10.2.0.1')).toEqual({ ok: true, connection: { host: '10.2.0.1', port: 30001, user: 'root', kind: 'devmachine' } });
    expect(parseConnectCommand('ssh -p 22 root@10.2.0.1')).toEqual({ ok: true, connection: { host: '10.2.0.1', port: 22, user: 'root', kind: 'generic' } });
    expect(parseConnectCommand('ssh -p 70000 root@10.2.0.1')).toMatchObject({ ok: false, error: { code: 'connect-bad-port' } });
    expect(parseConnectCommand('ssh -p 0 root@10.2.0.1')).toMatchObject({ ok: false, error: { code: 'connect-bad-port' } });
  });
});
