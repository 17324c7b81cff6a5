import { EmptyState } from '@/components/ui/empty-state';
import { TileFrame } from './tile-frame';

/** No source can provide what the tile needs: a configuration state, not an error. */
export function TileUnconfigured({ title, what }: { title: string; what: string }) {
  return (
    <TileFrame title={title}>
      <EmptyState title={`No source provides ${what}`}>
        Configure a capture-spine source (CAPTURE_SPINE_URL) or open the Sources view to see what each source can provide.
      </EmptyState>
    </TileFrame>
  );
}
