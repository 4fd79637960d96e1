import type { SelectProps } from '@mantine/core';
import { ServerSearchSelect } from '../../lib/server-search-select';
import { peopleQueries } from './queries';

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
      query={(text) => peopleQueries.picker(text, excludeId ?? null)}
      nothingFound="Nobody matches: add the person on the People page"
      {...rest}
    />
  );
}
