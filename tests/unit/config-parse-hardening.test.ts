// What a hostile page (or paste) can put in a connect command, and what the parser does with it:
// options that load code or write files are refused with a message in both languages; weakening
// options are accepted but never reach what we copy (the canonical command); invisible and
// control characters and `#` are refused.
import { describe, it, expect } from 'vitest';
import { parseConnectCommand, canonicalCommand } from '../../lib/config';

const refusedCode = (text: string) => {
  const r = parseConnectCommand(text);
  if (r.ok) return 'accepted';
  expect(r.error.en.length).toBeGreaterThan(10);
  expect(r.error.zh).toMatch(/[\u4e00-\u9fff]/);
  return r.error.code;
};

// Each: loads or runs code, writes a file, or is not a login session. Flag and keyword alike.
const DANGEROUS = [
  'ssh -I /tmp/evil.so root@1.2.3.4',
  'ssh -I/tmp/evil.so root@1.2.3.4',
  'ssh -o PKCS11Provider=/tmp/evil.so root@1.2.3.4',
  'ssh -o SecurityKeyProvider=/tmp/evil.so root@1.2.3.4',
  'ssh -E ~/.bashrc root@1.2.3.4',
  'ssh -vE ~/.bashrc root@1.2.3.4',
  'ssh -S /tmp/ctl root@1.2.3.4',
  'ssh -o ControlPath=/tmp/ctl root@1.2.3.4',
  'ssh -M root@1.2.3.4',
  'ssh -o ControlMaster=yes root@1.2.3.4',
  'ssh -o ControlPersist=yes root@1.2.3.4',
  'ssh -w 0:0 root@1.2.3.4',
  'ssh -o Tunnel=yes root@1.2.3.4',
  'ssh -o TunnelDevice=0:0 root@1.2.3.4',
  'ssh -o LocalCommand=id root@1.2.3.4',
  'ssh -o PermitLocalCommand=yes root@1.2.3.4',
  'ssh -o KnownHostsCommand=/bin/id root@1.2.3.4',
  'ssh -o ProxyCommand=id root@1.2.3.4',
  'ssh -o ProxyUseFdpass=yes root@1.2.3.4',
  'ssh -o XAuthLocation=/tmp/evil root@1.2.3.4',
  'ssh -o Include=/tmp/evil.conf root@1.2.3.4',
  'ssh -o Match=all root@1.2.3.4',
  'ssh -o RemoteCommand=id root@1.2.3.4',
  'ssh -o SessionType=none root@1.2.3.4',
  'ssh -o CanonicalizeHostname=yes root@1.2.3.4',
  'ssh -F /tmp/evil.conf root@1.2.3.4',
  'ssh -P tag root@1.2.3.4',
  'ssh -f -N root@1.2.3.4',
  'ssh -G root@1.2.3.4',
  'ssh -W h:22 root@1.2.3.4',
  'ssh -O exit root@1.2.3.4',
  'ssh -s root@1.2.3.4 sftp',
  'ssh -o UnknownKeyword=1 root@1.2.3.4',
];

describe('dangerous ssh options are refused, whether flag or -o keyword', () => {
  for (const text of DANGEROUS) it(text, () => expect(refusedCode(text)).toBe('connect-unsupported-option'));
  it('the message names the option and what it does', () => {
    const r = parseConnectCommand('ssh -I /tmp/evil.so root@1.2.3.4');
    expect(!r.ok && r.error.en).toMatch(/-I .*PKCS#11/);
    expect(!r.ok && r.error.zh).toMatch(/-I .*PKCS#11/);
    const o = parseConnectCommand('ssh -o pkcs11provider=/x root@h');
    expect(!o.ok && o.error.en).toMatch(/-o pkcs11provider .*PKCS#11/);
  });
});

// Each weakens the connection: accepted (the page's command keeps its actions) and dropped.
const WEAKENING = [
  '-A', '-X', '-Y', '-K', '-g', '-R 9000:localhost:22', '-L 8888:localhost:8888', '-D 1080',
  '-o ForwardAgent=yes', '-o ForwardX11=yes', '-o ForwardX11Trusted=yes', '-o StrictHostKeyChecking=no',
  '-o UserKnownHostsFile=/dev/null', '-o GlobalKnownHostsFile=/dev/null', '-o IdentityAgent=/tmp/agent.sock',
  '-o GatewayPorts=yes', '-o RemoteForward="9000 localhost:22"', '-o UpdateHostKeys=yes', '-o CheckHostIP=no',
  '-o HostKeyAlias=other', '-o SendEnv=AWS_SECRET_ACCESS_KEY', '-o SetEnv=X=1', '-o Ciphers=3des-cbc',
  '-c 3des-cbc', '-e ~', '-o EscapeChar=none', '-o PasswordAuthentication=yes', '-o AddKeysToAgent=yes',
  '-o VerifyHostKeyDNS=yes', '-o GSSAPIDelegateCredentials=yes',
];

describe('weakening ssh options are accepted and never carried into the canonical command', () => {
  for (const opt of WEAKENING) {
    it(opt, () => {
      const r = parseConnectCommand(`ssh ${opt} -p 41587 root@1.2.3.4`);
      if (!r.ok) throw new Error(`refused: ${r.error.en}`);
      expect(canonicalCommand(r.connection)).toBe('ssh -p 41587 root@1.2.3.4');
    });
  }
});

describe('invisible and control characters are refused', () => {
  const chars: Array<[string, string]> = [
    ['\u200b', 'zero-width space'],
    ['\u200c', 'zero-width non-joiner'],
    ['\u200d', 'zero-width joiner'],
    ['\u2060', 'word joiner'],
    ['\ufeff', 'BOM inside the text'],
    ['\u00ad', 'soft hyphen'],
    ['\u202e', 'right-to-left override'],
    ['\u202a', 'left-to-right embedding'],
    ['\u2066', 'left-to-right isolate'],
    ['\u2069', 'pop directional isolate'],
    ['\u200f', 'right-to-left mark'],
    ['\u061c', 'Arabic letter mark'],
    ['\u0015', 'Ctrl-U'],
    ['\u001b[201~', 'end of bracketed paste'],
    ['\u0000', 'NUL'],
    ['\u007f', 'DEL'],
    ['\u0085', 'C1 next line'],
    ['\u009b', 'C1 CSI'],
    ['\u2028', 'line separator'],
    ['\u2029', 'paragraph separator'],
  ];
  for (const [ch, name] of chars) {
    it(`${name} (U+${ch.codePointAt(0)!.toString(16).padStart(4, '0')})`, () => {
      expect(refusedCode(`ssh -p 41587 root@1.2.3.4${ch}`)).toBe('connect-invisible-character');
      expect(refusedCode(`ssh -p 4158${ch}7 root@1.2.3.4`)).toBe('connect-invisible-character');
      expect(refusedCode(`ssh${ch} -p 41587 root@1.2.3.4`)).toBe('connect-invisible-character');
    });
  }
  it('says which character and where', () => {
    const r = parseConnectCommand('ssh -p 41587 root@1.2.3.4\u202e');
    expect(!r.ok && r.error.en).toMatch(/U\+202E\) at position 26/);
  });
  it('tabs, spaces a page renders (NBSP, ideographic space) and a leading BOM still pass', () => {
    for (const t of ['\ufeffssh -p 41587 root@1.2.3.4', 'ssh\t-p\u00a041587\u3000root@1.2.3.4']) {
      const r = parseConnectCommand(t);
      expect(r.ok && canonicalCommand(r.connection)).toBe('ssh -p 41587 root@1.2.3.4');
    }
  });
});

describe('the canonical command', () => {
  const cases: Array<[string, string]> = [
    ['ssh -p 41587 root@1.2.3.4', 'ssh -p 41587 root@1.2.3.4'],
    ['ssh root@1.2.3.4 -p 41587', 'ssh -p 41587 root@1.2.3.4'],
    ['$ ssh -o Port=41587 -o User=alice 1.2.3.4', 'ssh -p 41587 alice@1.2.3.4'],
    ['ssh -J ssh-jumper.cloud.infini-ai.com root@aic-dbdz3pprd2g54crp', 'ssh -J ssh-jumper.cloud.infini-ai.com root@aic-dbdz3pprd2g54crp'],
    ['aic-dbdz3pprd2g54crp', 'ssh -J ssh-jumper.cloud.infini-ai.com root@aic-dbdz3pprd2g54crp'],
    ['ssh -J jane@ssh-jumper.cloud.infini-ai.com:2200 -A -v root@aic-dbdz3pprd2g54crp', 'ssh -J jane@ssh-jumper.cloud.infini-ai.com:2200 root@aic-dbdz3pprd2g54crp'],
    ['ssh -J [::1]:2200 root@::1', "ssh -J '[::1]:2200' root@::1"],
    ['ssh -i "~/.ssh/my key" -p 2222 me@host.example', "ssh -p 2222 -i ~/'.ssh/my key' me@host.example"],
    ['ssh -o HostName=10.1.2.3 alias', 'ssh 10.1.2.3'],
    ['ssh -l alice -p 22 example.com', 'ssh -p 22 alice@example.com'],
  ];
  for (const [text, want] of cases) {
    it(text, () => {
      const r = parseConnectCommand(text);
      if (!r.ok) throw new Error(`refused: ${r.error.en}`);
      expect(canonicalCommand(r.connection)).toBe(want);
      // and it reads back to the same connection
      const again = parseConnectCommand(want);
      expect(again.ok && again.connection).toEqual(r.connection);
    });
  }
});
