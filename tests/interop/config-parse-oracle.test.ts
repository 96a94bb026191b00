// parseConnectCommand against ssh itself: `ssh -G` prints the settings ssh would use for the
// same arguments (without connecting), so host, port, user and jump must agree with it.
import { describe, it, expect } from 'vitest';
import { userInfo } from 'node:os';
import { run } from '../helpers/openssh';
import { parseConnectCommand, canonicalCommand, jumpHops, INFINI_JUMP_HOST } from '../../lib/config';

const J = INFINI_JUMP_HOST;
const AIC = 'aic-dbdz3pprd2g54crp';
const COMMANDS = [
  'ssh -p 41587 user@1.2.3.4',
  'ssh user@1.2.3.4 -p 41587',
  'ssh -p41587 root@1.2.3.4',
  'ssh -o Port=41587 root@1.2.3.4',
  'ssh -oPort=41587 root@1.2.3.4',
  'ssh -o "Port 41587" -o User=alice 1.2.3.4',
  'ssh -l alice -p 22 example.com',
  `ssh -J ${J} root@${AIC}`,
  `ssh -J janedoe@${J} root@${AIC}`,
  `ssh -J jane@${J}:2200 root@${AIC}`,
  `ssh -o ProxyJump=${J} root@${AIC}`,
  `ssh -J ${J} -p 2222 root@is-abcdefghijklmnop-devmachine-0`,
  'ssh -4 -A -X -t -C -p 41587 root@1.2.3.4',
  'ssh -L 8888:localhost:8888 -p 41587 root@1.2.3.4',
  'ssh root@connect.westb.seetacloud.com -p 12345',
  'ssh ssh://root@1.2.3.4:41587',
  'ssh -p 5 ssh://b@h:9',
  'ssh ssh://b@h:9 -p 5',
  'ssh -o HostName=10.1.2.3 alias',
  'ssh -p 5 -p 6 -l a -l b h',
  'ssh -l a b@h',
  'ssh b@h -l a',
  'ssh -o User=x b@h',
  'ssh b@h -o User=x',
  'ssh -J j1 -o ProxyJump=j2 h',
  'ssh alice@corp@h',
  'ssh -- root@h',
  `ssh -J ${J},root@${AIC} -p 2222 root@172.27.0.5`,
  'ssh -J a@h1:2201,h2,b@h3:2203 t',
  `ssh -o ProxyJump=${J},root@${AIC} root@10.0.0.5`,
];

function sshG(cmd: string): Record<string, string> {
  const r = run('bash', ['-c', cmd.replace(/^ssh /, 'ssh -G -F /dev/null ')]);
  expect(r.status, r.stderr).toBe(0);
  const out: Record<string, string> = {};
  for (const line of r.stdout.split('\n')) {
    const k = line.indexOf(' ');
    if (k > 0 && !(line.slice(0, k) in out)) out[line.slice(0, k)] = line.slice(k + 1);
  }
  return out;
}

describe('parseConnectCommand agrees with ssh -G', () => {
  for (const cmd of COMMANDS) {
    it(cmd, () => {
      const r = parseConnectCommand(cmd);
      if (!r.ok) throw new Error(`refused: ${r.error.en}`);
      const c = r.connection;
      const g = sshG(cmd);
      expect(c.host).toBe(g.hostname);
      expect(String(c.port ?? 22)).toBe(g.port);
      expect(c.user ?? userInfo().username).toBe(g.user);
      const hops = jumpHops(c).map((j) => `${j.user ? j.user + '@' : ''}${j.host}${j.port ? ':' + j.port : ''}`);
      const jump = hops.length > 0 ? hops.join(',') : undefined;
      expect(jump).toBe(g.proxyjump);
    });
  }
});

// "Copy command as shown" copies canonicalCommand(parsed), never the page's text. Read back by
// the real ssh, it reaches the same machine, account and jump host, and none of the weakening
// options the page's command carried survives: every setting below is ssh's own default.
const WEAKENED = [
  'ssh -A -Y -g -p 41587 root@1.2.3.4',
  'ssh -X -K -R 9000:localhost:22 -L 8888:localhost:8888 -D 1080 root@1.2.3.4 -p 41587',
  'ssh -o ForwardAgent=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o GlobalKnownHostsFile=/dev/null -p 41587 root@1.2.3.4',
  'ssh -o IdentityAgent=/tmp/agent.sock -o ForwardX11=yes -o ForwardX11Trusted=no -o GatewayPorts=yes -o CheckHostIP=yes root@1.2.3.4',
  'ssh -o UpdateHostKeys=no -o HostKeyAlias=other -o SendEnv=SECRET -o SetEnv=X=1 -o Ciphers=aes128-cbc -e % root@1.2.3.4',
  `ssh -A -o StrictHostKeyChecking=no -J ${J} root@${AIC}`,
];
const WEAKENING_SETTINGS = ['forwardagent', 'forwardx11', 'forwardx11trusted', 'gatewayports', 'stricthostkeychecking', 'userknownhostsfile', 'globalknownhostsfile', 'identityagent', 'remoteforward', 'localforward', 'dynamicforward', 'checkhostip', 'updatehostkeys', 'hostkeyalias', 'sendenv', 'setenv', 'ciphers', 'escapechar', 'gssapidelegatecredentials', 'pkcs11provider', 'controlpath', 'controlmaster', 'tunnel', 'localcommand', 'proxycommand'];

describe('the canonical copy of a weakened command, read by ssh -G', () => {
  const defaults = sshG('ssh -p 41587 root@1.2.3.4');
  for (const cmd of WEAKENED) {
    it(cmd, () => {
      const r = parseConnectCommand(cmd);
      if (!r.ok) throw new Error(`refused: ${r.error.en}`);
      const copy = canonicalCommand(r.connection);
      expect(copy).not.toMatch(/ -[AXYgKRLDeoc] /);
      const page = sshG(cmd);
      const ours = sshG(copy);
      for (const k of ['hostname', 'port', 'user', 'proxyjump']) expect(ours[k], k).toBe(page[k]);
      // the page's command really did weaken something (else this proves nothing)
      expect(WEAKENING_SETTINGS.some((k) => page[k] !== defaults[k])).toBe(true);
      for (const k of WEAKENING_SETTINGS) expect(ours[k], k).toBe(defaults[k]);
    });
  }
});
