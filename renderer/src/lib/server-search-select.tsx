import { Select, type SelectProps } from '@mantine/core';
import { useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { useState } from 'react';
import { useDebounced } from './use-debounced';

export interface SearchOption {
  value: string;
  label: string;
}

interface Props<K extends QueryKey> extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'nothingFoundMessage'> {
  value: string | null;
  onChange: (id: string | null) => void;
  /** Label of the selected record when it may not be in the current page of results. */
  selectedName?: string | null;
  /** The server search for the typed text ('' means no search), from its feature's queries.ts. */
  query: (text: string) => UseQueryOptions<SearchOption[], Error, SearchOption[], K>;
  /** Shown when the finished search found nothing, with the next step. */
  nothingFound: string;
}

/**
 * A picker that searches on the server, so it stays fast with thousands of records.
 *
 * It lists options only once they answer the text in the box: while the typed text waits for its
 * debounce or its query, the list is empty and says "Searching…". So the options a person sees (or
 * a test clicks) never swap under the pointer when an older answer is replaced by the new one.
 */
export function ServerSearchSelect<K extends QueryKey>({ value, onChange, selectedName, query, nothingFound, ...rest }: Props<K>) {
  const [text, setText] = useState('');
  const debounced = useDebounced(text, 200);
  const list = useQuery(query(debounced));
  const settled = text === debounced && !list.isPending;
  const data = settled ? [...(list.data ?? [])] : [];
  if (value && selectedName && !data.some((d) => d.value === value)) data.unshift({ value, label: selectedName });
  return (
    <Select
      searchable
      data={data}
      value={value}
      onChange={(v) => onChange(v)}
      onSearchChange={(s) => {
        // Mantine reports the selected option's label as the search text; only typed text is searched.
        if (!data.some((d) => d.label === s)) setText(s);
      }}
      nothingFoundMessage={settled ? nothingFound : 'Searching…'}
      filter={({ options }) => options}
      aria-busy={!settled}
      {...rest}
    />
  );
}
