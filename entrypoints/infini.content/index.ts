// Content script for the Infini-AI console. Thin: everything it does lives in ./console.ts and
// lib/; nothing runs at module scope (WXT imports entrypoints in Node at build time).
import { startConsole } from './console';
import { CONSOLE_MATCHES } from '../../lib/sites/infini';

export default defineContentScript({
  matches: CONSOLE_MATCHES,
  runAt: 'document_idle',
  // Consoles often put the Web Terminal in an iframe of the same site; each frame gets its own
  // (small) instance, which only looks at its own document.
  allFrames: true,
  main(ctx) {
    startConsole(ctx);
  },
});
