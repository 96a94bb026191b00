import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Three projects, one command (`npx vitest run`):
// - unit: pure lib/ logic and components in Node (WXT's fake browser for storage);
// - interop: the real OpenSSH tools (ssh-keygen, ssh, sshd on 127.0.0.1);
// - e2e: the built extension loaded into the real Chromium (run `npm run build` first).
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // vitest's 5 s default failed a 200-key property test once on a busy 2-core CI machine:
          // no test may depend on the machine's speed, so every project has minutes of room.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'interop',
          include: ['tests/interop/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // one Chromium at a time on a 2-core machine
          fileParallelism: false,
        },
      },
    ],
  },
});
