// Content script for the Infini-AI console. Thin: everything it does lives in ./console.ts and
// lib/; nothing runs at module scope (WXT imports entrypoints in Node at build time).
import { startConsole } from './console';

export default defineContentScript({
  matches: ['https://cloud.infini-ai.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    startConsole(ctx);
  },
});
