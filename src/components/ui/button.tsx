import type { ComponentProps } from 'react';

type Variant = 'primary' | 'secondary' | 'ghost';

const VARIANTS: Record<Variant, string> = {
  primary: 'bg-accent text-accent-fg hover:opacity-90',
  secondary: 'bg-surface text-fg ring-1 ring-inset ring-line hover:bg-surface-2',
  ghost: 'text-muted hover:text-fg hover:bg-surface-2',
};

/** ComponentProps, not the HTML attributes: React 19 passes `ref` as a prop (popovers give focus back to their button). */
export function Button({ variant = 'secondary', className = '', type = 'button', ...props }: ComponentProps<'button'> & { variant?: Variant }) {
  return (
    <button
      type={type}
      className={`inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-sm font-medium disabled:opacity-50 ${VARIANTS[variant]} ${className}`}
      {...props}
    />
  );
}
