// @vitest-environment node
import { connectStore } from './connect';
import { storeContract } from './testing/store-contract';

storeContract('PGlite', () => connectStore({ dataDir: 'memory://' }));
