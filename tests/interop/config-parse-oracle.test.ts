// parseConnectCommand against ssh itself: `ssh -G` prints the settings ssh would use for the
// same arguments (without connecting), so host, port, user and jump must agree with it.
import { describe, it, expect } from 'vitest';
import { userInfo } from 'node:os';
import { run } from '../helpers/openssh';
import { parseConnectCommand, jumpHops, INFINI_JUMP_HOST } from '../../lib/config';

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
