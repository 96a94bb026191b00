// Where the 1,000-row page's main-thread time goes, with the extension and without: a CDP trace
// of the page's renderer for each load (two browsers, N loads each, interleaved), event time
// summed by name (outermost occurrence of each name), medians side by side and their difference;
// `in EvaluateScript/FunctionCall:` lines are what ran inside the content script's own calls.
// A tool for finding what to make cheaper, not a figure (the bench's figure is tests/bench/felt.ts).
//   npx wxt build && N=7 npx tsx tests/bench/rows-trace.ts
//   LAYOUTS=1: also each load's big layouts, style recalcs and our script's calls, with their parents
//   EXT=dir: another build of the extension (a variant to compare)
//   BASE=dir: compare against that build instead of the page alone (two builds, head to head)
import type { BrowserContext } from 'playwright-core';
import { EXTENSION_DIR } from '../helpers/chromium';
import { CONSOLE } from '../fixtures/console/pages';
import { launch } from './felt';
// the browsers the bench's own figure uses (same fixtures, routes and page instrumentation)
const dir = process.env.EXT ?? EXTENSION_DIR;
const WANT = process.env.WANT ? new RegExp(process.env.WANT) : null;
async function once(ctx: BrowserContext) {
  const page = await ctx.newPage();
  await page.goto(`${CONSOLE}/blank`);
  await page.waitForTimeout(300);
  const s = await ctx.newCDPSession(page);
  const events: any[] = [];
  s.on('Tracing.dataCollected', (d: any) => events.push(...d.value));
  const done = new Promise((r) => s.once('Tracing.tracingComplete', r));
  await s.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'blink', 'v8', 'toplevel', 'disabled-by-default-devtools.timeline', 'loading', 'extensions'] }, transferMode: 'ReportEvents' } as any);
  await page.goto(`${CONSOLE}/dev-machine/list-1000`);
  await page.waitForTimeout(4000);
  await s.send('Tracing.end');
  await done;
  await page.close();
  const names = new Map<number, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(e.tid, e.args.name);
  const byTid = new Map<number, number>();
  for (const e of events) if (e.ph === 'X' && names.get(e.tid) === 'CrRendererMain' && e.name === 'ThreadControllerImpl::RunTask') byTid.set(e.tid, (byTid.get(e.tid) ?? 0) + (e.dur ?? 0));
  const tid = [...byTid.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const main = events.filter((e) => e.tid === tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tot = new Map<string, number>();
  if (process.env.LAYOUTS) {
    const t0 = main[0].ts;
    const st: any[] = [];
    const out: string[] = [];
    for (const e of main) {
      while (st.length && st[st.length - 1].ts + st[st.length - 1].dur <= e.ts) st.pop();
      if (e.name === 'Layout' && e.dur > 1000) out.push(`   LAYOUT ${((e.ts - t0) / 1000).toFixed(0)}:${(e.dur / 1000).toFixed(1)} ${JSON.stringify(e.args?.beginData ?? {}).slice(0, 200)} ${JSON.stringify(e.args?.endData ?? {}).slice(0, 120)}`);
      if ((e.name === 'UpdateLayoutTree' || e.name === 'Document::updateStyle') && e.dur > 1000) out.push(`   STYLE ${((e.ts - t0) / 1000).toFixed(0)}:${(e.dur / 1000).toFixed(1)} ${JSON.stringify(e.args?.elementCount ?? e.args ?? {}).slice(0, 120)}`);
      if (e.name === 'LocalFrameView::UpdateStyleAndLayout' && e.dur > 1000) out.push(`${((e.ts - t0) / 1000).toFixed(0)}:${(e.dur / 1000).toFixed(1)}<${st.slice(-3).map((x) => x.name.replace(/^.*::/, '') + (x.args?.data?.url ? '(' + (String(x.args.data.url).startsWith('chrome-ext') ? 'EXT' : 'PAGE') + ')' : '')).join('<')}`);
      st.push(e);
    }
    for (const e of main) if ((e.name === 'FunctionCall' || e.name === 'EvaluateScript' || e.name === 'TimerFire' || e.name === 'FireAnimationFrame') && String(e.args?.data?.url ?? '').startsWith('chrome-ext') && e.dur > 300) out.push(`   ${e.name} ${((e.ts - t0) / 1000).toFixed(0)}:${(e.dur / 1000).toFixed(1)} ${e.args.data.functionName ?? ''}@${e.args.data.lineNumber}:${e.args.data.columnNumber} ${String(e.args.data.url).replace(/^.*\//, '')}`);
    console.log(out.join('\n   '));
  }
  const stack: any[] = [];
  for (const e of main) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const nested = stack.some((x) => x.name === e.name);
    const parentName = stack.length ? stack[stack.length - 1].name : '';
    const inExt = stack.find((x) => /EvaluateScript|FunctionCall/.test(x.name) && String(x.args?.data?.url ?? '').startsWith('chrome-extension'));
    if (inExt && !stack.some((x) => x !== inExt && x.name === e.name && x.ts >= inExt.ts)) { const k2 = `  in ${inExt.name}: ${e.name}`; tot.set(k2, (tot.get(k2) ?? 0) + e.dur / 1000); }
    stack.push(e);
    if (nested) continue;
    let k = e.name;
    if (/EvaluateScript|FunctionCall|v8.compile|v8.callFunction|TimerFire|FireIdleCallback/.test(k)) k += ' ' + (String(e.args?.data?.url ?? e.args?.data?.functionName ?? '').startsWith('chrome-extension') ? 'EXT' : String(e.args?.data?.url ?? '').includes('list-1000') ? 'PAGE' : String(e.args?.data?.url ?? '').slice(0, 30));
    if (WANT && WANT.test(e.name)) k += ' <' + parentName;
    tot.set(k, (tot.get(k) ?? 0) + e.dur / 1000);
  }
  return tot;
}
const N = Number(process.env.N ?? 5);
const withB = await launch(dir), aloneB = await launch(process.env.BASE);
const withE = withB.context, alone = aloneB.context;
await once(withE); await once(alone);
const A: Map<string, number>[] = [], B: Map<string, number>[] = [];
for (let i = 0; i < N; i++) { A.push(await once(withE)); B.push(await once(alone)); }
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]!; };
const keys = new Set([...A, ...B].flatMap((m) => [...m.keys()]));
const rows = [...keys].map((k) => [k, med(A.map((m) => m.get(k) ?? 0)), med(B.map((m) => m.get(k) ?? 0))] as const).filter(([, a, b]) => Math.abs(a - b) > 0.4 || a > 5);
rows.sort((x, y) => (y[1] - y[2]) - (x[1] - x[2]));
for (const [k, a, b] of rows) console.log(`${(a - b).toFixed(1).padStart(7)} ${a.toFixed(1).padStart(7)} ${b.toFixed(1).padStart(7)}  ${k}`);
await withB.close(); await aloneB.close();
