// The SSH doctor on logs we cannot produce on this machine (fixtures built from the exact
// strings of those builds: Windows' OpenSSH_for_Windows, macOS' LibreSSL build, OpenSSH 7.4,
// the Go jump host), on the platform guide's own log, and on damaged input: CRLF, colours,
// prompts, -vvv, cut logs, a private key pasted by mistake, random and mutated text.
// The real failures (ssh against sshd) are in tests/interop/doctor.test.ts.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseSshLog, diagnosisJson, captureCommands, type Diagnosis, type DoctorContext } from '../../lib/doctor';

const FIX = join(__dirname, '../fixtures/doctor');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');
const GUIDE = fixture('guide-macos-jump-ok.log');

function diagnose(text: string, ctx?: DoctorContext): Diagnosis {
  const r = diagnoseSshLog(text, ctx);
  if (!r.ok) throw new Error(`refused: ${r.error.code}`);
  return r.diagnosis;
}

describe("the platform guide's own log (macOS, through the Go jump host)", () => {
  it('is ok with both hops authenticated, the jump host first', () => {
    const d = diagnose(GUIDE);
    expect(d.verdict).toBe('ok');
    expect(d.findings).toEqual([]);
    expect(d.hops).toMatchObject([
      { role: 'jump', host: 'ssh-jumper.cloud.infini-ai.com', port: 22, user: 'janedoe', serverSoftware: 'Go', authenticated: true },
      { role: 'target', host: 'aic-c7svepkwbnkt2zic', port: 22, user: 'zhaoyinghao', authenticated: true },
    ]);
    expect(d.hops[1].serverSoftware).toMatch(/^OpenSSH_8\.9p1/);
    expect(d.hops[0].accepted).toEqual({ path: '/Users/janedoe/.ssh/id_ed25519', keyType: 'ED25519', fingerprint: 'SHA256:p7MOitYza8BNXb9I5B+CEHeLO3jmN4WxNnHbvai2NLI' });
    expect(d.summary.zh).toContain('每一跳都已登录成功');
  });

  it('survives CRLF, ANSI colours, a shell prompt and chatter around it, -vvv lines, and indentation', () => {
    const coloured = GUIDE.split('\n').map((l, i) => (i % 3 ? l : `\x1b[33m${l}\x1b[0m`));
    const vvv = coloured.flatMap((l, i) => (i % 5 ? [l] : [l, 'debug3: receive packet: type 51', 'debug2: we sent a publickey packet, wait for reply']));
    const pasted = ['janedoe@MacBook ~ % ssh -v aicoder', ...vvv.map((l) => '  ' + l), 'Connection to aic-c7svepkwbnkt2zic closed.', 'janedoe@MacBook ~ %'].join('\r\n');
    const d = diagnose(pasted);
    expect(d.verdict).toBe('ok');
    expect(d.hops.map((h) => h.authenticated)).toEqual([true, true]);
  });

  it('cut off before the machine authenticated: the jump host in, then `unknown` saying the log is cut', () => {
    const cut = GUIDE.slice(0, GUIDE.indexOf('Authenticated to aic-c7svepkwbnkt2zic'));
    const d = diagnose(cut);
    expect(d.verdict).toBe('unknown');
    expect(d.hops.map((h) => h.authenticated)).toEqual([true, false]);
    expect(d.findings[0].message.en).toMatch(/cut off/);
    expect(d.findings[0].hop).toBe(1);
  });

  it('two attempts pasted one after the other: the last one counts', () => {
    const failed = fixture('openssh-7.4-centos-key-rejected.log');
    expect(diagnose(failed + '\n' + GUIDE).verdict).toBe('ok');
    expect(diagnose(GUIDE + '\n' + failed).verdict).toBe('key-rejected');
  });
});

describe('other builds (fixtures from their exact strings)', () => {
  it('Windows OpenSSH 8.1: the ACL form of an unprotected key → key-permissions with icacls for PowerShell', () => {
    const d = diagnose(fixture('windows-openssh-8.1-key-permissions.log'));
    expect(d.verdict).toBe('key-permissions');
    expect(d.os).toBe('windows');
    expect(d.findings[0].message.en).toContain('~/.ssh/infini_ed25519');
    expect(d.findings[0].fix?.text).toBe('icacls "$env:USERPROFILE\\.ssh\\infini_ed25519" /inheritance:r /grant:r "$($env:USERNAME):F"');
    expect(d.findings[0].fix?.how.en).toMatch(/PowerShell/);
  });

  it('Windows PowerShell, an aic-… name without the jump host → dns, fixed by the keyed jump config', () => {
    const d = diagnose(fixture('windows-powershell-dns-aicoder.log'));
    expect(d.verdict).toBe('dns');
    expect(d.findings[0].message.zh).toContain('跳板机');
    expect(d.findings[0].fix?.text).toContain('Host infini-aic-c7svepkwbnkt2zic-jump');
    expect(d.findings[0].fix?.text).toContain('HostName ssh-jumper.cloud.infini-ai.com');
  });

  it('macOS through the Go jump host, an agent with many keys: the Go server says it lower-case → too-many-auth-failures on hop 0', () => {
    const d = diagnose(fixture('macos-go-jumper-too-many.log'));
    expect(d.verdict).toBe('too-many-auth-failures');
    expect(d.findings[0].hop).toBe(0);
    expect(d.hops[0]).toMatchObject({ role: 'jump', serverSoftware: 'Go', authenticated: false });
    expect(d.hops[0].offered).toHaveLength(3);
    expect(d.findings[0].fix?.text).toContain('IdentitiesOnly yes');
  });

  it('the Go jump host cannot reach the instance → jump-channel-failed with its reason', () => {
    const d = diagnose(fixture('macos-go-jumper-channel-failed.log'));
    expect(d.verdict).toBe('jump-channel-failed');
    expect(d.findings[0].message.en).toContain('aic-0000000000000000');
    expect(d.findings[0].message.en).toContain('no such host');
  });

  it('macOS against an old server: no-mutual-signature; Ed25519 first, ssh-rsa only as the commented last resort', () => {
    const d = diagnose(fixture('macos-no-mutual-signature.log'));
    expect(d.verdict).toBe('no-mutual-signature');
    const fix = d.findings[0].fix!.text.split('\n');
    expect(fix[0]).toBe('ssh-keygen -t ed25519 -f ~/.ssh/infini_ed25519');
    expect(fix.slice(1).every((l) => l.startsWith('#'))).toBe(true);
    expect(fix.join('\n')).toContain('PubkeyAcceptedAlgorithms +ssh-rsa');
  });

  it('OpenSSH 7.4 wordings (Offering RSA public key, pkalg, Authentication succeeded)', () => {
    const bad = diagnose(fixture('openssh-7.4-centos-key-rejected.log'));
    expect(bad.verdict).toBe('key-rejected');
    expect(bad.hops[0].offered).toEqual([{ path: '/home/bob/.ssh/id_rsa', keyType: 'RSA' }]);
    const good = diagnose(fixture('openssh-7.4-centos-ok.log'));
    expect(good.verdict).toBe('ok');
    expect(good.hops[0].accepted?.path).toBe('/home/bob/.ssh/id_rsa');
  });

  it('a rejected saved key gets the Web Terminal one-liner for that very key', () => {
    const line = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGXjC5yXk4t0cA2WcsuRLoIu2ZGCqx4SU5gY0kUuPfMm infini';
    const log = fixture('macos-go-jumper-channel-failed.log').replace(/Server accepts key.*\n[^\n]*\n/, '').replace(/debug1: channel_connect[\s\S]*$/, 'janedoe@ssh-jumper.cloud.infini-ai.com: Permission denied (publickey).\n');
    const ctx = { keys: [{ name: 'infini_ed25519', fingerprint: 'SHA256:p7MOitYza8BNXb9I5B+CEHeLO3jmN4WxNnHbvai2NLI', publicKeyLine: line }] };
    const d = diagnose(log, ctx);
    // on the jump host the root cause is the jump host's login, then what was refused
    expect(d.verdict).toBe('jump-auth-failed');
    expect(d.findings.map((f) => f.code)).toEqual(['jump-auth-failed', 'key-rejected']);
    expect(d.findings[1].fix?.where).toBe('web-terminal');
    expect(d.findings[1].fix?.text).toContain(`printf '%s\\n' '${line}' >> ~/.ssh/authorized_keys`);
  });
});

describe('refusals', () => {
  it('a private key pasted (alone or inside a log) is refused with the intake\'s words and never echoed', () => {
    const body = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQ';
    const key = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`;
    for (const text of [key, GUIDE + key, key.replace(/\n/g, '\r\n')]) {
      const r = diagnoseSshLog(text);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('private-key-openssh');
      expect(r.error.en).toMatch(/PRIVATE key/);
      expect(r.error.zh).toContain('私钥');
      expect(r.error.en + r.error.zh).not.toContain(body.slice(0, 20));
    }
  });

  it('empty text and text that is not an ssh log are refused; a log with no known cause is `unknown` with its last errors', () => {
    expect(diagnoseSshLog('   \n').ok).toBe(false);
    const prose = diagnoseSshLog('hello, my login does not work, please help');
    expect(!prose.ok && prose.error.code).toBe('doctor-not-a-log');
    const d = diagnose('OpenSSH_9.2p1 Debian-2, OpenSSL 3.0.11\ndebug1: Connecting to h [1.2.3.4] port 22.\nsomething went wrong: mysterious failure 42\n');
    expect(d.verdict).toBe('unknown');
    expect(d.findings[0].message.en).toContain('mysterious failure 42');
  });

  it('benign lines are never reported', () => {
    const benign = [
      'debug1: get_agent_identities: ssh_fetch_identitylist: agent contains no identities',
      'debug1: load_hostkeys: fopen /Users/janedoe/.ssh/known_hosts2: No such file or directory',
      'debug1: client_input_hostkeys: hostkeys file /Users/janedoe/.ssh/known_hosts2 does not exist',
    ].join('\n');
    const d = diagnose(GUIDE.replace('debug1: pledge: fork', benign));
    expect(d.verdict).toBe('ok');
  });
});

describe('the --json shape', () => {
  it('has exactly the documented keys, null where the log says nothing', () => {
    const j = diagnosisJson(diagnose(fixture('macos-go-jumper-too-many.log')), 'en');
    expect(Object.keys(j)).toEqual(['verdict', 'findings', 'hops']);
    expect(Object.keys(j.findings[0])).toEqual(['code', 'hop', 'message', 'fix']);
    expect(Object.keys(j.hops[0])).toEqual(['host', 'port', 'user', 'authenticated', 'offered', 'accepted']);
    expect(j.hops[1]).toEqual({ host: 'aic-c7svepkwbnkt2zic', port: 22, user: null, authenticated: false, offered: [], accepted: null });
    expect(j.hops[0].offered[0]).toEqual({ path: 'work@corp', fingerprint: 'SHA256:0zV3QxkYQ8n1mJ8X1r1c3gq7KfQmTnY1oWj8nVb0b2c' });
    expect(diagnosisJson(diagnose(fixture('macos-go-jumper-too-many.log')), 'zh').findings[0].message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('capture commands', () => {
  const c = { host: 'aic-c7svepkwbnkt2zic', user: 'root', jump: { host: 'ssh-jumper.cloud.infini-ai.com' }, kind: 'aicoder' as const };
  it('posix: ssh -v through the jump host into ssh-debug.txt, or to the clipboard', () => {
    const p = captureCommands(c, 'posix');
    expect(p.save).toBe('ssh -v -J ssh-jumper.cloud.infini-ai.com root@aic-c7svepkwbnkt2zic exit 2>&1 | tee ssh-debug.txt');
    expect(p.clipboard).toMatch(/^ssh -v .* 2>&1 \| \{ pbcopy \|\| /);
  });
  it('PowerShell: plain text records, Tee-Object or Set-Clipboard; a port and a config alias', () => {
    const p = captureCommands({ host: '101.230.12.7', port: 41587, user: 'root', kind: 'devmachine' }, 'powershell');
    expect(p.save).toBe('ssh -v -p 41587 root@101.230.12.7 exit 2>&1 | ForEach-Object { "$_" } | Tee-Object -FilePath ssh-debug.txt');
    expect(p.clipboard).toMatch(/\| Set-Clipboard$/);
    expect(captureCommands({ alias: 'infini-aic-x' }, 'posix').save).toBe('ssh -v infini-aic-x exit 2>&1 | tee ssh-debug.txt');
  });
});

describe('fuzz', () => {
  const lines = [GUIDE, ...['windows-openssh-8.1-key-permissions.log', 'macos-go-jumper-too-many.log', 'openssh-7.4-centos-key-rejected.log'].map(fixture)].join('\n').split('\n');

  it('random text never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000, unit: 'binary' }), (s) => {
        const r = diagnoseSshLog(s);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('mutated real logs (lines dropped, repeated, shuffled, cut, glued, garbage inserted) never throw', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...lines), fc.constantFrom(...lines).map((l) => l.slice(0, l.length >> 1)), fc.string({ maxLength: 80 })), { maxLength: 300 }),
        fc.constantFrom('\n', '\r\n', '\r', ''),
        (ls, sep) => {
          const r = diagnoseSshLog(ls.join(sep));
          if (r.ok) expect(r.diagnosis.verdict).toMatch(/^[a-z-]+$/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays linear: a 5 MB paste costs about ten times a 0.5 MB one (a quadratic reader would cost a hundred)', () => {
    const make = (bytes: number) => {
      let s = '';
      // long lines and lines built to make a backtracking regular expression work hard
      const hostile = ['x'.repeat(5000), 'debug1: Offering public key: '.repeat(50), '@'.repeat(4000), '$ '.repeat(250) + 'ssh', 'a@'.repeat(2000) + ': Permission denied (', 'ssh: connect to host '.repeat(200)];
      while (s.length < bytes) s += GUIDE + '\n' + hostile.join('\n') + '\n';
      return s;
    };
    const small = make(500_000);
    const big = make(5_000_000);
    const time = (s: string) => {
      const t = performance.now();
      diagnoseSshLog(s);
      return performance.now() - t;
    };
    time(small); // warm up the JIT
    const ratio = Math.min(time(big), time(big)) / Math.max(time(small), time(small), 1);
    expect(ratio).toBeLessThan(40);
    expect(diagnose(big).verdict).toBe('ok');
  });
});
