import { Select, type SelectProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { rpc } from '../../lib/rpc';
import { useDebounced } from '../../lib/use-debounced';

interface Props extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  value: string | null;
  onChange: (id: string | null) => void;
  /** Name of the selected client when it may not be in the first page of results. */
  selectedName?: string | null;
}

/** A client picker that searches on the server, so it stays fast with thousands of clients. */
export function ClientSelect({ value, onChange, selectedName, ...rest }: Props) {
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search, 200);
  const list = useQuery({
    queryKey: ['clients.list', 'select', debounced],
    queryFn: () => rpc('clients.list', { search: debounced || undefined, limit: 50 }),
  });
  const data = (list.data?.rows ?? []).map((c) => ({ value: c.id, label: c.name }));
  if (value && selectedName && !data.some((d) => d.value === value)) data.unshift({ value, label: selectedName });
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      onChange={(v) => onChange(v)}
      onSearchChange={(s) => {
        // Mantine reports the selected label as the search text; only search for typed text.
        if (!data.some((d) => d.label === s)) setSearch(s);
      }}
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'No client matches: create it on the Clients page'}
      filter={({ options }) => options}
      {...rest}
    />
  );
}
