import type { ReactNode } from 'react';

/** A horizontally scrollable area that keyboard users can focus and scroll. */
export function ScrollX({ label, children }: { label: string; children: ReactNode }) {
  return (
    // Scrollable regions must be focusable (WCAG 2.1.1).
    <div className="overflow-x-auto" tabIndex={0} role="group" aria-label={label}>
      {children}
    </div>
  );
}
