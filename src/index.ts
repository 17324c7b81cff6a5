/**
 * The library entry (`import { SpineConsole } from 'spine-console'`): the one component a host
 * mounts under a splat route, its prop types, and the source-instance type. Styles come
 * separately: `import 'spine-console/style.css'`. Demo mocks: `spine-console/mocks`.
 */
export { SpineConsole } from '@/app/spine-console';
export type { ConsoleTheme, SpineConsoleProps } from '@/app/spine-console';
export type { SourceInstance, SourceKind } from '@/sources/source-adapter';
export { CONSOLE_SCOPE, consoleKeys, refreshConsole } from '@/lib/console-keys';
export { CONSOLE_PATHS, consoleHref } from '@/app/console-paths';
