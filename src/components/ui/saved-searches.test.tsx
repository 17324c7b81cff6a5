import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SavedSearches } from './saved-searches';
import type { SavedSearchesProps, SavedSearchItem } from './saved-searches';

const NOW = Date.parse('2026-11-28T10:00:00.000Z');
const CHECKOUT: SavedSearchItem = { id: 'a', name: 'Checkout errors', createdAt: NOW - 3 * 3_600_000, createdBy: 'alice' };
const QUEUE: SavedSearchItem = { id: 'b', name: 'Queue warnings', createdAt: NOW - 10 * 60_000, createdBy: null };

function renderSaved(overrides: Partial<SavedSearchesProps> = {}) {
  const props: SavedSearchesProps = {
    searches: [CHECKOUT, QUEUE],
    browserOnly: false,
    readOnly: null,
    now: NOW,
    onSave: vi.fn(async () => ({ ok: true as const })),
    onOpen: vi.fn(),
    onDelete: vi.fn(async () => ({ ok: true as const })),
    ...overrides,
  };
  render(<SavedSearches {...props} />);
  return props;
}

const openList = async () => {
  await userEvent.click(screen.getByRole('button', { name: 'Saved searches' }));
  return screen.getByRole('dialog', { name: 'Saved searches' });
};
const openSave = async () => {
  await userEvent.click(screen.getByRole('button', { name: 'Save search' }));
  return screen.getByRole('dialog', { name: 'Save search' });
};

describe('SavedSearches', () => {
  it('lists the searches with who saved them and when, and opens one', async () => {
    const props = renderSaved({ activeId: 'b' });
    const dialog = await openList();
    const list = within(dialog).getByRole('list', { name: 'Saved searches' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => within(i).getAllByRole('button')[0]!.textContent)).toEqual(['Checkout errors', 'Queue warnings']);
    expect(within(list).getByRole('button', { name: 'Checkout errors' })).toHaveAccessibleDescription('saved 3h ago by alice');
    expect(within(list).getByRole('button', { name: 'Queue warnings' })).toHaveAccessibleDescription('saved 10m ago, author unknown · shown now');
    expect(within(list).getByRole('button', { name: 'Queue warnings' })).toHaveAttribute('aria-current', 'true');
    await userEvent.click(within(list).getByRole('button', { name: 'Checkout errors' }));
    expect(props.onOpen).toHaveBeenCalledWith(CHECKOUT);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says so when nothing is saved yet', async () => {
    renderSaved({ searches: [] });
    expect(within(await openList()).getByText(/No saved searches yet/)).toBeInTheDocument();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('says so while the list loads', async () => {
    renderSaved({ searches: undefined });
    expect(within(await openList()).getByRole('status')).toHaveTextContent('Loading saved searches…');
  });

  it('waits for the list before saving, so a name in use is asked about', async () => {
    const props = renderSaved({ searches: undefined });
    const dialog = await openSave();
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Checkout errors{Enter}');
    expect(within(dialog).getByRole('button', { name: 'Reading saved searches…' })).toBeDisabled();
    expect(props.onSave).not.toHaveBeenCalled();
  });

  it('after a load error, saves and says a name in use is replaced without asking', async () => {
    const props = renderSaved({ searches: undefined, loadError: 'The console service is unreachable.' });
    const dialog = await openSave();
    expect(within(dialog).getByRole('note')).toHaveTextContent(/replaced without asking/);
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Checkout errors{Enter}');
    expect(props.onSave).toHaveBeenCalledWith('Checkout errors');
  });

  it('shows a load error with Retry', async () => {
    const onRetry = vi.fn();
    renderSaved({ searches: undefined, loadError: 'the console service answered 500', onRetry });
    const dialog = await openList();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Saved searches unavailable: the console service answered 500');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalled();
  });

  it('saves under a new name, then says so and gives focus back', async () => {
    const props = renderSaved();
    const dialog = await openSave();
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    expect(name).toHaveFocus();
    await userEvent.type(name, '  Slow payments  {Enter}');
    expect(props.onSave).toHaveBeenCalledWith('Slow payments');
    expect(await screen.findByRole('status')).toHaveTextContent('Saved “Slow payments”.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Save search' })).toHaveFocus();
  });

  it('refuses an empty name and one over 120 characters, saying why', async () => {
    const props = renderSaved();
    const dialog = await openSave();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Give the search a name.');
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    expect(name).toHaveAttribute('aria-invalid', 'true');
    await userEvent.click(name);
    await userEvent.paste('x'.repeat(121));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('A name has at most 120 characters; this one has 121.');
    expect(props.onSave).not.toHaveBeenCalled();
  });

  it('asks before replacing a search of the same name', async () => {
    const props = renderSaved();
    const dialog = await openSave();
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Checkout errors{Enter}');
    const confirm = within(dialog).getByRole('group', { name: 'Replace saved search' });
    expect(confirm).toHaveTextContent('“Checkout errors” already exists (saved 3h ago by alice). Replace it with the current search?');
    expect(props.onSave).not.toHaveBeenCalled();
    await userEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(props.onSave).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const again = within(dialog).getByRole('group', { name: 'Replace saved search' });
    expect(within(again).getByRole('button', { name: 'Replace' })).toHaveFocus();
    await userEvent.click(within(again).getByRole('button', { name: 'Replace' }));
    expect(props.onSave).toHaveBeenCalledWith('Checkout errors');
  });

  it("shows the store's refusal and keeps the dialog open", async () => {
    renderSaved({ onSave: async () => ({ ok: false, message: 'Not saved: the console service answered 500.' }) });
    const dialog = await openSave();
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'New one{Enter}');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Not saved: the console service answered 500.');
    expect(screen.getByRole('dialog', { name: 'Save search' })).toBeInTheDocument();
  });

  it('deletes only after a confirmation', async () => {
    const props = renderSaved();
    const dialog = await openList();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete Checkout errors' }));
    const confirm = within(dialog).getByRole('group', { name: 'Delete Checkout errors?' });
    expect(confirm).toHaveTextContent('Delete “Checkout errors” for everyone?');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(props.onDelete).not.toHaveBeenCalled();
    expect(within(dialog).queryByRole('group')).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete Checkout errors' }));
    await userEvent.click(within(within(dialog).getByRole('group', { name: 'Delete Checkout errors?' })).getByRole('button', { name: 'Delete' }));
    expect(props.onDelete).toHaveBeenCalledWith(CHECKOUT);
    expect(await screen.findByRole('status')).toHaveTextContent('Deleted “Checkout errors”.');
  });

  it('read-only: saving and deleting are off, with the reason shown', async () => {
    const reason = 'The console service cannot reach its database: changes are off until it is back.';
    const props = renderSaved({ readOnly: reason });
    const save = await openSave();
    expect(within(save).getByRole('note')).toHaveTextContent(reason);
    expect(within(save).getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(within(save).getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(reason);
    await userEvent.type(within(save).getByRole('textbox', { name: 'Name' }), 'x{Enter}');
    expect(props.onSave).not.toHaveBeenCalled();
    const list = await openList();
    expect(within(list).getByRole('note')).toHaveTextContent(reason);
    expect(within(list).getByRole('button', { name: 'Delete Checkout errors' })).toBeDisabled();
  });

  it('in this browser only: says so, names no author, and asks to delete without "for everyone"', async () => {
    renderSaved({ browserOnly: true, searches: [{ ...CHECKOUT, createdBy: null }], notes: ['1 saved search stored in this browser could not be read and is ignored.'] });
    const list = await openList();
    expect(within(list).getByText(/^Saved in this browser only/)).toBeInTheDocument();
    expect(within(list).getByRole('status')).toHaveTextContent('1 saved search stored in this browser could not be read and is ignored.');
    expect(within(list).getByRole('button', { name: 'Checkout errors' })).toHaveAccessibleDescription('saved 3h ago');
    await userEvent.click(within(list).getByRole('button', { name: 'Delete Checkout errors' }));
    expect(within(list).getByRole('group', { name: 'Delete Checkout errors?' })).toHaveTextContent('Delete “Checkout errors”?');
    expect(within(await openSave()).getByText(/^Saved in this browser only/)).toBeInTheDocument();
  });

  it('closes on Escape and gives focus back to its button', async () => {
    renderSaved();
    await openList();
    await userEvent.keyboard('{Tab}');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Saved searches' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Saved searches' })).toHaveAttribute('aria-expanded', 'false');
  });
});
