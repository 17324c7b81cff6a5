#!/usr/bin/env node
// Last step of `npm run build:lib`: tsc (tsconfig.lib.json) emits declarations under
// dist-lib/types/ with the source's `@/` and `@mocks/` aliases, which a consumer cannot resolve.
// Rewrite them to relative paths, drop side-effect CSS imports, and add the entry declarations dist-lib/{index,mocks}.d.ts.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const TYPES = resolve('dist-lib/types');
const ALIASES = { '@/': join(TYPES, 'src'), '@mocks/': join(TYPES, 'mocks') };

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) yield* walk(file);
    else if (file.endsWith('.d.ts')) yield file;
  }
}

let rewritten = 0;
for (const file of walk(TYPES)) {
  const text = readFileSync(file, 'utf8');
  // Side-effect CSS imports mean nothing to a consumer's types (the CSS ships as style.css).
  const out = text.replace(/^import\s+['"][^'"]+\.css['"];?\n/gm, '').replace(/(from\s+|import\(\s*)(['"])(@\/|@mocks\/)([^'"]+)\2/g, (_m, lead, quote, alias, rest) => {
    let rel = relative(dirname(file), join(ALIASES[alias], rest)).split('\\').join('/');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${lead}${quote}${rel}${quote}`;
  });
  if (out !== text) {
    writeFileSync(file, out);
    rewritten++;
  }
  if (/['"](@\/|@mocks\/)/.test(out)) throw new Error(`finish-lib-types: an alias is left in ${file}`);
}
writeFileSync('dist-lib/index.d.ts', "export * from './types/src/index';\n");
writeFileSync('dist-lib/mocks.d.ts', "export * from './types/mocks/index';\n");
console.log(`finish-lib-types: rewrote aliases in ${rewritten} declaration files`);
