import { QueryErrorResetBoundary } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { ErrorBoundary } from 'react-error-boundary';
import type { Capability } from '@/sources/source-adapter';
import { TileFallback } from './tile-fallback';

export interface TileDefinition {
  id: string;
  title: string;
  capability: Capability;
  /** The tile with its error boundary: the only way a tile is rendered. */
  Tile: ComponentType;
}

/**
 * Every tile goes through here, so none ships without its own error boundary: one failing
 * tile shows its error and Retry while the others keep working.
 */
export function defineTile(definition: { id: string; title: string; capability: Capability; Container: ComponentType }): TileDefinition {
  const { Container, title } = definition;
  function Tile() {
    return (
      <QueryErrorResetBoundary>
        {({ reset }) => (
          <ErrorBoundary onReset={reset} fallbackRender={(props) => <TileFallback title={title} {...props} />}>
            <Container />
          </ErrorBoundary>
        )}
      </QueryErrorResetBoundary>
    );
  }
  Tile.displayName = `Tile(${definition.id})`;
  return { id: definition.id, title, capability: definition.capability, Tile };
}
