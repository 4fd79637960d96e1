import type { SelectProps } from '@mantine/core';
import { rpc } from '../../lib/rpc';
import { ServerSearchSelect } from '../../lib/server-search-select';

interface Props extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'nothingFoundMessage'> {
  value: string | null;
  onChange: (id: string | null) => void;
  selectedName?: string | null;
  excludeId?: string | null;
}

/** Active, non-archived people, searched on the server by name, email or client. */
export function PersonSelect({ excludeId, ...rest }: Props) {
  return (
    <ServerSearchSelect
      queryKey={['people.list', 'select', excludeId ?? null]}
      search={async (text) => {
        const list = await rpc('people.list', { search: text || undefined, activeOnly: true, limit: 50 });
        return list.rows
          .filter((p) => p.id !== excludeId)
          .map((p) => ({ value: p.id, label: `${p.name} (${p.organisation === 'agency' ? 'agency' : (p.clientName ?? 'client')})` }));
      }}
      nothingFound="Nobody matches: add the person on the People page"
      {...rest}
    />
  );
}
