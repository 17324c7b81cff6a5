/** The Loki log-source adapter (public surface). */
import type { SourceAdapter } from '../source-adapter';
import { createLokiClient, type LokiClient } from './client';
import { lokiConfigSchema, parseLokiConfig, type LokiConfig } from './config';
import { lokiDetectedFieldValues } from './detected-field-values';
import { lokiDetectedFields } from './detected-fields';
import { lokiLogContext } from './log-context';
import type { LokiLogParams } from './log-params';
import { lokiLogPatterns } from './log-patterns';
import { lokiLogServices } from './log-services';
import { lokiLogVolume } from './log-volume';
import { lokiLogs } from './logs';
import { lokiTail } from './tail';
import { lokiServerDescriptor } from './server-descriptor';
import { lokiTestConnection } from './test-connection';

export type { LokiClient } from './client';
export type { LokiConfig } from './config';
export type { LokiLogParams } from './log-params';
export { parseLokiConfig } from './config';

export const lokiAdapter: SourceAdapter<LokiConfig, LokiClient, 'loki', LokiLogParams> = {
  kind: 'loki',
  displayName: 'Grafana Loki',
  logStore: true,
  rawQueryLanguage: 'LogQL',
  countsLines: true,
  server: lokiServerDescriptor,
  configSchema: lokiConfigSchema,
  // Re-validated here so a host that skips configSchema still gets SourceError('config').
  createClient: (config, deps) => createLokiClient(parseLokiConfig(config, deps.sourceId), deps),
  testConnection: lokiTestConnection,
  capabilities: {
    logs: lokiLogs,
    logContext: lokiLogContext,
    logServices: lokiLogServices,
    logVolume: lokiLogVolume,
    tail: lokiTail,
    logPatterns: lokiLogPatterns,
    detectedFields: lokiDetectedFields,
    detectedFieldValues: lokiDetectedFieldValues,
  },
};
