import type { SelectProps } from '@mantine/core';
import { ServerSearchSelect } from '../../lib/server-search-select';
import { clientQueries } from './queries';

interface Props extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'nothingFoundMessage'> {
  value: string | null;
  onChange: (id: string | null) => void;
  /** Name of the selected client when it may not be in the first page of results. */
  selectedName?: string | null;
}

/** A client picker that searches on the server, so it stays fast with thousands of clients. */
export function ClientSelect(props: Props) {
  return <ServerSearchSelect clearable query={clientQueries.picker} nothingFound="No client matches: create it on the Clients page" {...props} />;
}
