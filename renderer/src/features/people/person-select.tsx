import { Select, type SelectProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { rpc } from '../../lib/rpc';
import { useDebounced } from '../../lib/use-debounced';

interface Props extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  value: string | null;
  onChange: (id: string | null) => void;
  selectedName?: string | null;
  excludeId?: string | null;
}

/** Active, non-archived people, searched on the server by name, email or client. */
export function PersonSelect({ value, onChange, selectedName, excludeId, ...rest }: Props) {
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search, 200);
  const list = useQuery({
    queryKey: ['people.list', 'select', debounced],
    queryFn: () => rpc('people.list', { search: debounced || undefined, activeOnly: true, limit: 50 }),
  });
  const data = (list.data?.rows ?? [])
    .filter((p) => p.id !== excludeId)
    .map((p) => ({ value: p.id, label: `${p.name} (${p.organisation === 'agency' ? 'agency' : (p.clientName ?? 'client')})` }));
  if (value && selectedName && !data.some((d) => d.value === value)) data.unshift({ value, label: selectedName });
  return (
    <Select
      searchable
      data={data}
      value={value}
      onChange={(v) => onChange(v)}
      onSearchChange={(s) => {
        if (!data.some((d) => d.label === s)) setSearch(s);
      }}
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'Nobody matches: add the person on the People page'}
      filter={({ options }) => options}
      {...rest}
    />
  );
}
