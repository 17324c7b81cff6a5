/** Loading the LogHub 2k samples through the shared evaluator module (tsx scripts only). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const defaultDatasetDir = resolve(repoRoot, '../shared/datasets/loghub-2k');
export const evaluatorPath = resolve(repoRoot, '../shared/scoring/loghub-evaluate.mjs');

export interface Metrics {
  lines: number;
  gtGroups: number;
  predGroups: number;
  correctGroups: number;
  GA: number;
  FGA: number;
  PA: number | null;
  FTA: number | null;
}

export interface Evaluator {
  findGroundTruthFile(datasetDir: string, which?: string): string;
  loadGroundTruth(file: string, gtKey?: string): { groups: string[]; templates: string[]; contents: string[] | null };
  computeMetrics(
    gtGroups: string[],
    predGroups: string[],
    opts?: { gtTemplates?: string[]; predTemplates?: string[] },
  ): Metrics;
}

export async function loadEvaluator(path = evaluatorPath): Promise<Evaluator> {
  if (!existsSync(path)) {
    throw new Error(`evaluator not found at ${path} (expected ../shared/scoring/loghub-evaluate.mjs next to the repo)`);
  }
  const mod = (await import(pathToFileURL(path).href)) as Partial<Evaluator>;
  for (const fn of ['findGroundTruthFile', 'loadGroundTruth', 'computeMetrics'] as const) {
    if (typeof mod[fn] !== 'function') throw new Error(`evaluator ${path} does not export ${fn}()`);
  }
  return mod as Evaluator;
}

export interface SystemSample {
  system: string;
  contents: string[];
  gtGroups: string[];
  gtTemplates: string[];
}

/** Reads every system folder of the dataset (sorted by name) with its corrected ground truth. */
export function loadSamples(ev: Evaluator, datasetDir: string): SystemSample[] {
  const systems = readdirSync(datasetDir)
    .filter((d) => statSync(join(datasetDir, d)).isDirectory())
    .sort();
  const out: SystemSample[] = [];
  for (const system of systems) {
    const file = ev.findGroundTruthFile(join(datasetDir, system), 'corrected');
    const gt = ev.loadGroundTruth(file, 'EventTemplate');
    if (!gt.contents) throw new Error(`${file}: no Content column`);
    out.push({ system, contents: gt.contents, gtGroups: gt.groups, gtTemplates: gt.templates });
  }
  return out;
}

/** Scores predictions like the evaluator's evaluateDataset (rows without a GT template left out). */
export function score(ev: Evaluator, s: SystemSample, predGroups: string[], predTemplates: string[]): Metrics {
  const keep: number[] = [];
  for (let i = 0; i < s.gtGroups.length; i++) if (s.gtTemplates[i] !== '') keep.push(i);
  const pick = (a: string[]): string[] => keep.map((i) => a[i] as string);
  return ev.computeMetrics(pick(s.gtGroups), pick(predGroups), {
    gtTemplates: pick(s.gtTemplates),
    predTemplates: pick(predTemplates),
  });
}
