/**
 * Vitest global setup for the store's PostgreSQL suite: starts one throwaway cluster for the run
 * (or checks POSTGRES_TEST_URL) and hands the suites its admin URL through `inject('postgres')`;
 * at the end it drops the run's databases and roles and stops the cluster. With no PostgreSQL it
 * prints one line and the suite skips; under REQUIRE_INTEGRATION=1 that is an error.
 */
import type { TestProject } from 'vitest/node';
import { describeUrl } from '../../server/store/connect';
import { missing } from './need';
import { dropRunObjects, externalPostgres, POSTGRES_HOW, postgresSupply, startPostgres, type PostgresTarget, type RunningPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** null: no PostgreSQL on this machine (the setup said so), the suite skips. */
    postgres: PostgresTarget | null;
  }
}

export default async function setup(project: TestProject) {
  const supply = postgresSupply();
  let target: PostgresTarget | null = null;
  let started: RunningPostgres | null = null;
  if (supply.kind === 'none') missing('PostgreSQL store suite', 'PostgreSQL server binaries', POSTGRES_HOW);
  else if (supply.kind === 'url') {
    target = await externalPostgres(supply.url);
    console.log(`real PostgreSQL ${target.version} at ${describeUrl(target.adminUrl)} (POSTGRES_TEST_URL): databases ${target.prefix}*`);
  } else {
    started = await startPostgres(supply.bin);
    target = started;
    console.log(
      `real PostgreSQL ${started.version} from ${supply.bin} (${supply.from}) on ${describeUrl(started.adminUrl)}, pid ${started.pid}: ready in ${(started.startMs.ready / 1000).toFixed(1)} s (initdb ${(started.startMs.initdb / 1000).toFixed(1)} s)`,
    );
  }
  project.provide('postgres', target ? { version: target.version, adminUrl: target.adminUrl, managed: target.managed, prefix: target.prefix } : null);
  return async () => {
    try {
      if (target && !started) await dropRunObjects(target.adminUrl, target.prefix);
    } finally {
      await started?.stop();
    }
  };
}
