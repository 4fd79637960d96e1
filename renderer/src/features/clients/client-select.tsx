import type { SelectProps } from '@mantine/core';
import { rpc } from '../../lib/rpc';
import { ServerSearchSelect } from '../../lib/server-search-select';

interface Props extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'nothingFoundMessage'> {
  value: string | null;
  onChange: (id: string | null) => void;
  /** Name of the selected client when it may not be in the first page of results. */
  selectedName?: string | null;
}

/** A client picker that searches on the server, so it stays fast with thousands of clients. */
export function ClientSelect(props: Props) {
  return (
    <ServerSearchSelect
      clearable
      queryKey={['clients.list', 'select']}
      search={async (text) => (await rpc('clients.list', { search: text || undefined, limit: 50 })).rows.map((c) => ({ value: c.id, label: c.name }))}
      nothingFound="No client matches: create it on the Clients page"
      {...props}
    />
  );
}
