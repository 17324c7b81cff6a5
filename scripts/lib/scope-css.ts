/**
 * Makes the library's CSS safe to load into any host page (STYLE.md §G):
 *  - cascade layers are unwrapped, so the console's rules are not outranked by a host's
 *    unlayered CSS (a Tailwind 3 preflight or a plain reset beats any layered rule);
 *  - Tailwind's theme variables move from `:root, :host` to `.spine-console`;
 *  - universal fallbacks (`*, ::before, ::after`, `::backdrop`) are confined to the console;
 *  - utility classes only match inside `.spine-console`, so a host's own `.flex` or `.p-4` is
 *    never changed by ours, and ours outrank host element rules such as `button { padding }`;
 *  - keyframes get a `spine-console-` prefix;
 *  - the `--console-*` defaults sit on `:where(.spine-console…)` (no specificity), so a host's
 *    `.spine-console { --console-status-ok: … }` wins wherever it is loaded.
 * `@property` registrations stay global (they cannot be scoped; they match Tailwind 4's own).
 * It throws if any rule would still reach outside `.spine-console`.
 */
import type { AtRule, Plugin, Root } from 'postcss';

const ROOT = '.spine-console';
const INSIDE = `:is(${ROOT}, ${ROOT} *)`;
const KEYFRAME_PREFIX = 'spine-console-';

function scopeSelector(selector: string): string[] {
  const s = selector.trim();
  if (s === ':root' || s === ':host') return [ROOT];
  if (s === '*') return [ROOT, `${ROOT} *`];
  if (/^::?(before|after|backdrop)$/.test(s)) return [`${ROOT}${s}`, `${ROOT} ${s}`];
  if (s.includes(ROOT)) return [s];
  if (s.startsWith('.')) return [`${INSIDE}${s}`];
  return [`${ROOT} ${s}`];
}

export function scopeCssPlugin(): Plugin {
  return {
    postcssPlugin: 'spine-console-scope',
    OnceExit(root: Root) {
      // Unwrap layers (blocks) and drop layer order statements.
      root.walkAtRules('layer', (at: AtRule) => {
        if (at.nodes && at.nodes.length > 0) at.replaceWith(at.nodes);
        else at.remove();
      });
      const renamed = new Map<string, string>();
      root.walkAtRules('keyframes', (at) => {
        if (!at.params.startsWith(KEYFRAME_PREFIX)) {
          renamed.set(at.params, `${KEYFRAME_PREFIX}${at.params}`);
          at.params = `${KEYFRAME_PREFIX}${at.params}`;
        }
      });
      root.walkDecls((decl) => {
        if (decl.prop === 'animation' || decl.prop === 'animation-name' || decl.prop.startsWith('--animate')) {
          decl.value = decl.value.replace(/[\w-]+/g, (word) => renamed.get(word) ?? word);
        }
      });
      root.walkRules((rule) => {
        if (rule.selectors.every((sel) => /^\.spine-console(\[data-theme=['"]?\w+['"]?\])?$/.test(sel))) {
          const tokens = rule.nodes.filter((n) => n.type === 'decl' && n.prop.startsWith('--console-'));
          if (tokens.length > 0 && !rule.selector.startsWith(':where')) {
            const defaults = rule.clone({ selectors: rule.selectors.map((sel) => `:where(${sel})`), nodes: [] });
            for (const t of tokens) defaults.append(t.clone());
            for (const t of tokens) t.remove();
            rule.before(defaults);
          }
        }
        if (rule.parent?.type === 'atrule' && /keyframes$/.test((rule.parent as AtRule).name)) return;
        const scoped = [...new Set(rule.selectors.flatMap(scopeSelector))];
        rule.selectors = scoped;
        const outside = scoped.filter((s) => !s.includes(ROOT));
        if (outside.length > 0) throw new Error(`spine-console: unscoped CSS selector(s) ${outside.join(', ')}`);
      });
    },
  };
}
