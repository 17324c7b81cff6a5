import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { FieldFilter } from '@/sources/source-adapter';
import { ActiveFieldFilters } from './active-field-filters';

const kept: FieldFilter = { field: 'status', parsers: ['logfmt'], op: '=', value: '500' };
const dropped: FieldFilter = { field: 'method', parsers: ['json'], op: '!=', value: 'GET' };

describe('ActiveFieldFilters', () => {
  it('shows each filter as a chip whose ✕ removes it', async () => {
    const onRemove = vi.fn();
    render(<ActiveFieldFilters filters={[kept, dropped]} applied sourceLabel="Loki" onRemove={onRemove} onClear={vi.fn()} />);
    const list = screen.getByRole('list', { name: 'Field filters' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['status = 500✕', 'method != GET✕']);
    await userEvent.click(within(list).getByRole('button', { name: 'Remove field filter method != GET' }));
    expect(onRemove).toHaveBeenCalledWith(dropped);
  });

  it('renders nothing without filters', () => {
    const { container } = render(<ActiveFieldFilters filters={[]} applied sourceLabel="Loki" onRemove={vi.fn()} onClear={vi.fn()} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('says the filters of a link are not applied on a source without detected fields, and clears them', async () => {
    const onClear = vi.fn();
    render(<ActiveFieldFilters filters={[kept, dropped]} applied={false} sourceLabel="ES (demo)" onRemove={vi.fn()} onClear={onClear} />);
    expect(screen.getByRole('note')).toHaveTextContent('2 field filters are not applied: ES (demo) has no detected fields.');
    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(onClear).toHaveBeenCalled();
  });
});
