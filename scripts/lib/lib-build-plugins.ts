/** Vite plugins for the library build only (vite.lib.config.ts). */
import type { Plugin } from 'vite';


/**
 * Vite emits the grouping worker as its own module and references it as
 * `new URL("<file>", "" + import.meta.url)`, a form a host's bundler does not recognise. Rewrite it
 * to the standard `new Worker(new URL("./…", import.meta.url), { type: "module" })`, relative to
 * the chunk, which Vite, webpack 5 and esbuild-based bundlers all follow and re-emit.
 */
export function portableWorkerUrl(): Plugin {
  return {
    name: 'spine-console:portable-worker-url',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const depth = chunk.fileName.split('/').length - 1;
        const up = depth === 0 ? './' : '../'.repeat(depth);
        chunk.code = chunk.code.replace(/new Worker\(\s*new URL\(([\s\S]*?)\{\s*type:\s*["']module["']\s*\}\s*\)/g, (whole, inner: string) => {
          const file = /["'](?:[^"']*\/)?(group-worker[^"'/]*\.js)["']/.exec(inner)?.[1];
          return file ? `new Worker(new URL(${JSON.stringify(`${up}assets/${file}`)}, import.meta.url), { type: "module" })` : whole;
        });
      }
    },
  };
}

/** Fails the build if a peer dependency (react, react-dom, …) ended up inside the library. */
export function assertNoPeerBundled(isPeer: (id: string) => boolean): Plugin {
  return {
    name: 'spine-console:assert-no-peer-bundled',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of chunk.moduleIds) {
          const path = id.split('\\').join('/');
          const at = path.lastIndexOf('node_modules/');
          const pkg = at < 0 ? undefined : /^((?:@[^/]+\/)?[^/]+)/.exec(path.slice(at + 'node_modules/'.length))?.[1];
          if (pkg && isPeer(pkg)) this.error(`spine-console: peer dependency ${pkg} was bundled into ${chunk.fileName} (${id})`);
        }
      }
    },
  };
}
