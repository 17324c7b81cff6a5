export function SkeletonRows({ rows, label }: { rows: number; label: string }) {
  return (
    <div role="status" aria-label={label} className="flex flex-col gap-2 py-1">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-7 animate-pulse rounded bg-surface-2" style={{ opacity: 1 - i * (0.6 / rows) }} />
      ))}
      <span className="sr-only">{label}</span>
    </div>
  );
}
