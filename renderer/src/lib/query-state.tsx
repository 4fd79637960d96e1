import { Alert, Center, Loader, type MantineSpacing } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from './errors';

/** The wait for a read: a small spinner, centred. */
export function QueryLoading({ p = 'md', size = 'sm' }: { p?: MantineSpacing; size?: 'sm' | 'md' }) {
  return (
    <Center p={p}>
      <Loader size={size} />
    </Center>
  );
}

/** A read that failed: its own message (with an optional title and a way on), in red. */
export function QueryError({ error, title, children }: { error: unknown; title?: string; children?: ReactNode }) {
  return (
    <Alert color="red" title={title}>
      {errorMessage(error)}
      {children ? <> {children}</> : null}
    </Alert>
  );
}
