// The setup script installs into ~/.ssh under the downloaded name; a key whose saved private
// key path says elsewhere gets no script that would put it in the wrong place, but the reason.
import { describe, it, expect } from 'vitest';
import { localSetupScript } from '../../lib/config/local-setup';

describe('setup script and the saved private key path', () => {
  it('installs when the path is ~/.ssh/<download name>, refuses (in both languages) when it is elsewhere', () => {
    for (const shell of ['posix', 'powershell', 'gitbash'] as const) {
      expect(localSetupScript({ keyName: 'infini_ed25519', shell, privateKeyPath: '~/.ssh/infini_ed25519' })).toBe(localSetupScript({ keyName: 'infini_ed25519', shell }));
      let err: unknown;
      try {
        localSetupScript({ keyName: 'infini_ed25519', shell, privateKeyPath: 'C:\\Users\\me\\keys\\work' });
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'setup-other-path', field: 'privateKeyPath' });
      expect((err as { en: string }).en).toContain('C:\\Users\\me\\keys\\work');
      expect((err as { zh: string }).zh).toContain('C:\\Users\\me\\keys\\work');
    }
  });
});
