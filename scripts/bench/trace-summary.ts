/**
 * Summarises a Chrome trace written by the logs bench (`TRACE=file.json npm run bench -- logs`):
 * the page's long tasks with what ran inside them, and each full garbage collection with its
 * trigger and the phases of its pause. Usage: `npx tsx scripts/bench/trace-summary.ts file.json`.
 */
import { readFileSync } from 'node:fs';

interface Ev { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: Record<string, unknown> }

const file = process.argv[2];
if (!file) {
  console.error('usage: trace-summary.ts <trace.json>');
  process.exit(2);
}
const { traceEvents } = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: Ev[] };
const mark = traceEvents.find((e) => e.name === 'bench:pass0:start');
const mainThread = traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && (e.args as { name?: string }).name === 'CrRendererMain' && (!mark || e.pid === mark.pid));
if (!mainThread) throw new Error('no renderer main thread in this trace');
const onMain = traceEvents.filter((e) => e.pid === mainThread.pid && e.tid === mainThread.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
const ms = (us = 0) => (us / 1000).toFixed(1);

const LONG_US = Number(process.env.LONG_MS ?? 40) * 1000;
console.log(`Tasks over ${LONG_US / 1000} ms on the page's main thread (wall ms / thread ms):`);
for (const task of onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) > LONG_US)) {
  console.log(`  ${ms(task.dur)} / ${ms(task.tdur)}`);
  const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts <= task.ts + (task.dur ?? 0) && (e.dur ?? 0) > 2000 && /^(UpdateLayoutTree|Layout|PrePaint|Paint|FunctionCall|MajorGC|MinorGC|V8.GCIncrementalMarking|EventDispatch|FireAnimationFrame)$/.test(e.name));
  for (const e of inside) console.log(`      ${e.name.padEnd(24)} ${ms(e.dur).padStart(6)} / ${ms(e.tdur)}${e.name === 'MajorGC' ? `  ${String((e.args as { type?: string }).type)}` : ''}`);
}

console.log('\nFull garbage collections of the page (V8 GC tracer, ms):');
const nvp = traceEvents.filter((e) => e.pid === mainThread.pid && e.tid === mainThread.tid && e.name === 'V8.GCTraceGCNVP');
for (const e of nvp) {
  const v = JSON.parse(String((e.args as { value: string }).value)) as Record<string, number | string>;
  if (v.gc !== 'mc') continue;
  const n = (k: string) => Number(v[k] ?? 0).toFixed(1);
  console.log(
    `  pause ${n('pause').padStart(6)}  mark ${n('mark')} (embedder ${n('mark.embedder_tracing')})  evacuate ${n('evacuate')} (roots ${n('evacuate.update_pointers.to_new_roots')})  clear ${n('clear')}  ` +
      `global ${(Number(v.start_global_consumed_size) / 1e6).toFixed(0)} → ${(Number(v.end_global_consumed_size) / 1e6).toFixed(0)} MB, V8 old ${(Number(v.end_old_gen_consumed_size) / 1e6).toFixed(0)} MB`,
  );
}
const starts = traceEvents.filter((e) => e.pid === mainThread.pid && e.tid === mainThread.tid && e.name === 'V8.GCIncrementalMarkingStart');
const reasons = new Map<string, number>();
for (const s of starts) {
  const r = String(((s.args as { value?: { reason?: string } }).value ?? {}).reason);
  reasons.set(r, (reasons.get(r) ?? 0) + 1);
}
console.log(`\nWhy marking started: ${[...reasons].map(([r, c]) => `${r} ×${c}`).join(', ') || 'no incremental marking'}`);
