/**
 * Real Grafana Loki servers for the integration suites. Where they come from, in order:
 *   LOKI_TEST_URL=http://host:3100   a Loki that is already running (e.g. `docker run grafana/loki:3.7.6`),
 *                                    with LOKI_TEST_TENANT when it is multi-tenant;
 *   LOKI_BIN=/path/to/loki           one binary, started here (its major version picks the config);
 *   ../shared/bin/loki-*.xz          every version found there, unpacked once, checksums verified.
 * A started Loki listens on 127.0.0.1 on free ports with a temporary data directory, and is
 * stopped by its pid. It is multi-tenant (auth_enabled), so every request names TEST_TENANT.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../..');
export const SHARED_BIN = path.resolve(REPO_ROOT, '../shared/bin');
/** The tenant of a Loki the harness starts. */
export const TEST_TENANT = 'spine-test';

export const LOKI_HOW =
  'put Loki binaries in ../shared/bin (loki-<version>-linux-amd64.xz), or set LOKI_BIN=/path/to/loki, or LOKI_TEST_URL=http://127.0.0.1:3100 for a running Loki';

/** A Loki the suites can talk to. */
export interface LokiTarget {
  /** `3.7.6`, `2.9.17`, … from buildinfo. */
  version: string;
  url: string;
  /** The X-Scope-OrgID every request sends; null for a single-tenant Loki. */
  tenant: string | null;
  /** Started by the harness (and stopped by it), or given by LOKI_TEST_URL. */
  managed: boolean;
}

export interface RunningLoki extends LokiTarget {
  pid: number;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** A binary to start: a plain executable or an xz file of ../shared/bin. */
export interface LokiBinary {
  version: string;
  file: string;
  sha256?: string;
}

export type LokiSupply = { kind: 'url'; url: string; tenant: string | null } | { kind: 'binaries'; binaries: LokiBinary[] } | { kind: 'none' };

export function lokiSupply(env: NodeJS.ProcessEnv = process.env): LokiSupply {
  if (env.LOKI_TEST_URL) return { kind: 'url', url: env.LOKI_TEST_URL.replace(/\/+$/, ''), tenant: env.LOKI_TEST_TENANT || null };
  if (env.LOKI_BIN) return { kind: 'binaries', binaries: [{ version: binaryVersion(env.LOKI_BIN), file: env.LOKI_BIN }] };
  if (!existsSync(SHARED_BIN)) return { kind: 'none' };
  const sums = readSums(path.join(SHARED_BIN, 'SHA256SUMS'));
  const binaries = readdirSync(SHARED_BIN)
    .map((f) => /^loki-(\d+\.\d+\.\d+)-linux-amd64\.xz$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: m[1] as string, file: path.join(SHARED_BIN, m[0]), sha256: sums.get(`loki-${m[1]}`) }))
    .sort((a, b) => compareVersions(b.version, a.version));
  return binaries.length > 0 ? { kind: 'binaries', binaries } : { kind: 'none' };
}

function readSums(file: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [sum, name] = line.trim().split(/\s+/);
    if (sum && name) out.set(name.replace(/^\*/, ''), sum);
  }
  return out;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `loki -version` → `3.7.6`. */
function binaryVersion(bin: string): string {
  const run = spawnSync(bin, ['-version'], { encoding: 'utf8' });
  const version = /version (\d+\.\d+\.\d+)/.exec(`${run.stdout}${run.stderr}`)?.[1];
  if (!version) throw new Error(`LOKI_BIN=${bin}: \`${bin} -version\` printed no version (${run.error?.message ?? run.stderr.trim() ?? 'no output'}); point LOKI_BIN at a Loki binary`);
  return version;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** An executable path: an xz file is unpacked once into the temp directory, checked against its sum. */
export async function executable(binary: LokiBinary): Promise<string> {
  if (!binary.file.endsWith('.xz')) return binary.file;
  const dir = path.join(tmpdir(), 'spine-console-loki', binary.version);
  const out = path.join(dir, 'loki');
  if (existsSync(out) && (!binary.sha256 || (await sha256(out)) === binary.sha256)) return out;
  mkdirSync(dir, { recursive: true });
  const partial = `${out}.${process.pid}.partial`;
  const run = spawnSync('sh', ['-c', 'xz -dc "$0" > "$1"', binary.file, partial], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`could not unpack ${binary.file} with xz (${run.stderr.trim() || run.error?.message}); install xz-utils`);
  const sum = await sha256(partial);
  if (binary.sha256 && sum !== binary.sha256) {
    rmSync(partial, { force: true });
    throw new Error(`${binary.file}: sha256 ${sum} does not match SHA256SUMS (${binary.sha256}); the file is damaged`);
  }
  chmodSync(partial, 0o755);
  renameSync(partial, out);
  return out;
}

function configFor(version: string, dataDir: string, http: number, grpc: number): string {
  const template = readFileSync(path.join(here, version.startsWith('2.') ? 'loki-2.9.yaml' : 'loki-3.yaml'), 'utf8');
  return template.replaceAll('@DATA@', dataDir).replaceAll('@HTTP_PORT@', String(http)).replaceAll('@GRPC_PORT@', String(grpc));
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
});

/** Starts one Loki and resolves once `/ready` says ready (about 10 s). */
export async function startLoki(binary: LokiBinary, timeoutMs = 60_000): Promise<RunningLoki> {
  const bin = await executable(binary);
  const dataDir = mkdtempSync(path.join(tmpdir(), `spine-loki-${binary.version}-`));
  const [http, grpc] = [await freePort(), await freePort()];
  const configFile = path.join(dataDir, 'loki.yaml');
  writeFileSync(configFile, configFor(binary.version, dataDir, http, grpc));
  const child = spawn(bin, [`-config.file=${configFile}`], { cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const log: string[] = [];
  const keep = (d: Buffer) => {
    log.push(d.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${bin}`);
  const url = `http://127.0.0.1:${http}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      const killer = setTimeout(() => child.exitCode === null && process.kill(pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    running.delete(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`Loki ${binary.version} exited (${child.exitCode}) before it was ready: ${log.join('').slice(-2000)}`);
    }
    try {
      const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) });
      last = (await res.text()).trim();
      if (res.ok && last === 'ready') break;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Loki ${binary.version} was not ready within ${timeoutMs / 1000} s (last answer: ${last})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const version = (await buildVersion(url, TEST_TENANT)) ?? binary.version;
  return { version, url, tenant: TEST_TENANT, managed: true, pid, dataDir, output: () => log.join(''), stop };
}

/** The version a Loki reports at /loki/api/v1/status/buildinfo. */
export async function buildVersion(url: string, tenant: string | null): Promise<string | null> {
  try {
    const headers: Record<string, string> = tenant ? { 'x-scope-orgid': tenant } : {};
    const res = await fetch(`${url}/loki/api/v1/status/buildinfo`, { headers, signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { version?: unknown };
    return typeof body.version === 'string' ? body.version.replace(/^v/, '') : null;
  } catch {
    return null;
  }
}

/** A Loki given by LOKI_TEST_URL: checked for readiness, never stopped. */
export async function externalLoki(url: string, tenant: string | null): Promise<LokiTarget> {
  const version = await buildVersion(url, tenant);
  if (!version) throw new Error(`LOKI_TEST_URL=${url}: no Loki answered at /loki/api/v1/status/buildinfo; start it or fix the URL`);
  return { version, url, tenant, managed: false };
}

/** The tenant header for a target's requests. */
export const tenantHeaders = (t: Pick<LokiTarget, 'tenant'>): Record<string, string> => (t.tenant ? { 'x-scope-orgid': t.tenant } : {});

/** Loki 3.x has patterns, detected fields and `|>`; 2.9 has none of them. */
export const hasPatterns = (t: Pick<LokiTarget, 'version'>) => compareVersions(t.version, '3.0.0') >= 0;
