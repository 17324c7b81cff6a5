/**
 * The grouping worker in Node: the same handler the page's Web Worker runs, on a worker thread,
 * so grouping 10,000 lines never blocks the service's API.
 */
import { parentPort } from 'node:worker_threads';
import { handleInbound } from '@/errors/worker/group-worker';
import type { GroupInbound, GroupResponse } from '@/errors/worker/protocol';

parentPort?.on('message', (data: GroupInbound) => handleInbound(data, (m: GroupResponse) => parentPort?.postMessage(m)));
