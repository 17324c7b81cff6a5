// @vitest-environment node
/**
 * The layer rules bite (README "Layers", eslint.layers.js): probe files are linted through the
 * ESLint Node API with the project's own config. The layer probes are virtual (lintText at a
 * path inside src/, importing real files); the cycle probe is two real files in
 * scripts/lint-probes/, which the project's `eslint .` ignores.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function lint(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, message: m.message }));
}

const layerErrors = (messages: { rule: string | null; message: string }[]) => messages.filter((m) => m.rule === 'import-x/no-restricted-paths');

describe('lint: import layers', () => {
  it('refuses a relative import from a tile into the Loki adapter internals', async () => {
    const messages = await lint('src/tiles/service-health/probe.tsx', "import { createLokiClient } from '../../sources/loki/client';\n\nexport const probe = createLokiClient;\n");
    expect(layerErrors(messages)).toEqual([expect.objectContaining({ message: expect.stringContaining('"../../sources/loki/client"') })]);
    expect(layerErrors(messages)[0]?.message).toMatch(/A tile imports lib\//);
  });

  it('refuses the same import through the @/ alias', async () => {
    const messages = await lint('src/tiles/service-health/probe.tsx', "import { createLokiClient } from '@/sources/loki/client';\n\nexport const probe = createLokiClient;\n");
    expect(layerErrors(messages)).toHaveLength(1);
  });

  it('refuses a tile importing another tile', async () => {
    const messages = await lint('src/tiles/feed-status/probe.tsx', "import { queueStatsTile } from '../queue-stats';\n\nexport const probe = queueStatsTile;\n");
    expect(layerErrors(messages)).toEqual([expect.objectContaining({ message: expect.stringContaining('"../queue-stats"') })]);
  });

  it('refuses an adapter importing a view, and lib importing a feature', async () => {
    expect(layerErrors(await lint('src/sources/loki/probe.ts', "import { LogsPage } from '../../views/logs/logs-page';\n\nexport const probe = LogsPage;\n"))).toHaveLength(1);
    expect(layerErrors(await lint('src/lib/probe.ts', "import { supports } from '../sources/registry';\n\nexport const probe = supports;\n"))).toHaveLength(1);
  });

  it('refuses an import cycle', async () => {
    const probe = path.join(ROOT, 'scripts/lint-probes/cycle-a.ts');
    // `eslint .` ignores the probe folder (so the project lints clean); here ignores are off, rules the same.
    expect(await eslint.isPathIgnored(probe)).toBe(true);
    const [result] = await new ESLint({ cwd: ROOT, ignore: false }).lintFiles([probe]);
    expect(result?.messages.filter((m) => m.ruleId === 'import-x/no-cycle')).toEqual([expect.objectContaining({ message: expect.stringMatching(/Dependency cycle/) })]);
  });

  it('passes a legal tile import (lib, components/ui, tile-frame, sources-context)', async () => {
    const code = [
      "import { formatCount } from '@/lib/format';",
      "import { EmptyState } from '../../components/ui/empty-state';",
      "import { useSourcesFor } from '@/sources/sources-context';",
      "import { TileFrame } from '../tile-frame/tile-frame';",
      "import { ServiceHealthView } from './service-health-view';",
      '',
      'export const probe = [formatCount, EmptyState, useSourcesFor, TileFrame, ServiceHealthView];',
      '',
    ].join('\n');
    expect(await lint('src/tiles/service-health/probe.tsx', code)).toEqual([]);
  });
});
