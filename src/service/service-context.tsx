/**
 * The console service connection, for the parts of the page that talk to the service directly
 * (saved views, the demo's scenario). Undefined when no service runs behind the page: callers
 * then keep their in-browser behaviour.
 */
import { createContext, useContext } from 'react';
import type { ServiceConnection } from './service-connection';

export const ServiceConnectionContext = createContext<ServiceConnection | undefined>(undefined);

export const useServiceConnection = (): ServiceConnection | undefined => useContext(ServiceConnectionContext);
