/**
 * PGlite is one process's database: two services on one DATA_DIR would corrupt it. The first
 * claims the directory with a pid file; a second one is refused with a message, a stale file
 * (its process is gone, e.g. after kill -9) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface DataDirClaim {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function claimDataDir(dir: string): DataDirClaim {
  const file = join(dir, 'spine-console.pid');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new Error(`DATA_DIR ${dir} is in use by another console service (pid ${pid}). Stop it, or give this one its own DATA_DIR; to share one database between services, set DATABASE_URL to a PostgreSQL server.`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not claim DATA_DIR ${dir}: another process keeps creating ${file}.`);
}
