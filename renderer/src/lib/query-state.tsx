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

interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
}

/**
 * A read's three states in one place: the spinner while it loads, the error when it failed, else
 * `children` with its data. `loading={null}` shows nothing while it loads.
 */
export function QueryState<T>({
  query,
  children,
  errorTitle,
  loading,
}: {
  query: QueryLike<T>;
  children: (data: T) => ReactNode;
  errorTitle?: string;
  loading?: ReactNode;
}) {
  if (query.isError) return <QueryError error={query.error} title={errorTitle} />;
  if (query.isPending || query.data === undefined) return <>{loading === undefined ? <QueryLoading /> : loading}</>;
  return <>{children(query.data)}</>;
}
